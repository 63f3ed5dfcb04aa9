import type { TrainedModel } from './model-fit';

/** The props every widget takes; a widget with more extends them. */
export interface WidgetProps {
  /** URL namespace for this widget's controls. */
  ns?: string;
}

/** The props of a widget built on one of the shipped trained models. */
export interface TrainedModelProps extends WidgetProps {
  /** The shipped trained model it runs or reads (plain data from site/lib/shipped-models). */
  model: TrainedModel;
}
