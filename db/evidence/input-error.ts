/** Input the evidence engine cannot use as given (a figure, a year, an index): the council's data to fix, shown as a message rather than a 500. */
export class EvidenceInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvidenceInputError";
  }
}
