/** Where a published figure comes from: a datasheet, paper or model card. */
export interface Source {
  /** Title of the document, as its publisher gives it. */
  title: string;
  /** Link to the document. */
  url: string;
  /** Which figures the document supplies, or how a figure was read from it. */
  note?: string;
}
