/**
 * The app's error types. `PreflightError` is the one small base: a subclass names itself with a single field
 * (`override readonly name = 'PthError'`, kept through minification) and inherits `(message, { cause })`.
 * `InputError` is the one type for bad user input, wherever it is found (a rule-pack schema, a CSV or JSON file, a
 * mask, a stake matrix, an entry manifest): it carries where the problem is (`file`, `field`, `row`, `column`, rows
 * and columns 1-based as a spreadsheet shows them) beside a message that already names them for the user.
 */

export abstract class PreflightError extends Error {
  abstract override readonly name: string;
}

/** Where in the user's input a problem is. */
export interface InputLocation {
  /** The file (name or role, e.g. `reference`). */
  file?: string;
  /** The field path (`inputs.history[3].sF`, `items[2] "clip-3".output`). */
  field?: string;
  /** 1-based row (or line) of a table or text. */
  row?: number;
  /** 1-based column (cell) of a table. */
  column?: number;
}

export class InputError extends PreflightError implements InputLocation {
  override readonly name: string = 'InputError';
  readonly file?: string;
  readonly field?: string;
  readonly row?: number;
  readonly column?: number;
  /** The field path ('' when the error has none); kept for the rule packs' callers. */
  readonly path: string;
  /** `new InputError(field, problem)`: the message is `field: problem` (the rule-pack schemas' form). */
  constructor(field: string, problem: string);
  /** `new InputError(message, { file, field, row, column })`: the message as given, with where it applies. */
  constructor(message: string, at: InputLocation);
  constructor(a: string, b: string | InputLocation) {
    const at: InputLocation = typeof b === 'string' ? { field: a } : b;
    super(typeof b === 'string' ? `${a}: ${b}` : a);
    if (at.file !== undefined) this.file = at.file;
    if (at.field !== undefined) this.field = at.field;
    if (at.row !== undefined) this.row = at.row;
    if (at.column !== undefined) this.column = at.column;
    this.path = at.field ?? '';
  }
}
