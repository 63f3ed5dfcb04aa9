/**
 * The margins most charts share: room for the y axis's ticks on the left, and for the x axis's label below. A chart
 * with longer tick labels spreads these and overrides the side it needs.
 */
export const MARGINS = { marginLeft: 60, marginRight: 20, marginBottom: 45 } as const;
