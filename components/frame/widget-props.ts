/** The props every widget takes; a widget with more extends them. */
export interface WidgetProps {
  /** URL namespace for this widget's controls. */
  ns?: string;
}
