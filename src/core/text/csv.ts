/**
 * The app's one CSV reader, on papaparse (a maintained RFC 4180 parser): quoted cells with commas, doubled quotes
 * and line breaks, a UTF-8 byte-order mark, CRLF or LF line ends, blank lines skipped. Every row keeps the 1-based
 * line it starts on, so callers can name "row N (line L)" in their messages; a malformed file (an unclosed quote)
 * is rejected with the line named. Options: the delimiters to accept (one per file, guessed from the text; default
 * comma) and a comment prefix (lines starting with it are skipped).
 */
import Papa from 'papaparse';

export interface CsvRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** The cells, trimmed. */
  cells: string[];
}

export interface CsvOptions {
  /** Accepted delimiters; with more than one, the file's is guessed from its text. Default `[',']`. */
  delimiters?: string[];
  /** Lines starting with this prefix are skipped (e.g. `#`). */
  comments?: string;
}

/** Parses CSV text into rows of trimmed cells (the header is rows[0]); throws naming the line of a malformed row. */
export function readCsv(text: string, opts: CsvOptions = {}): CsvRow[] {
  const delimiters = opts.delimiters ?? [','];
  // One line-end convention for the whole file (papaparse takes the first it sees), the BOM dropped.
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const parsed = Papa.parse<string[]>(body, {
    skipEmptyLines: 'greedy',
    newline: '\n',
    ...(delimiters.length === 1 ? { delimiter: delimiters[0] } : { delimiter: '', delimitersToGuess: delimiters }),
    ...(opts.comments ? { comments: opts.comments } : {}),
  });
  const bad = parsed.errors.find((e) => e.type === 'Quotes');
  const lineOfRow = startLines(body, opts.comments);
  if (bad) throw new Error(`line ${lineOfRow(bad.row ?? 0)}: ${bad.message.toLowerCase()}`);
  // papaparse does not report lines; count the line breaks outside quotes before each row instead.
  return parsed.data.map((cells, i) => ({ line: lineOfRow(i), cells: cells.map((c) => c.trim()) }));
}

/**
 * Maps the index of a kept row (not blank, not a comment) to the 1-based line where it starts (line breaks inside
 * quotes do not start rows).
 */
function startLines(text: string, comments?: string): (row: number) => number {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let rowStarted = false;
  let blank = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!rowStarted) {
      rowStarted = true;
      blank = true;
      if (comments && text.startsWith(comments, i)) {
        // A comment runs to the end of its line, quotes included.
        const end = text.indexOf('\n', i);
        if (end < 0) break;
        i = end;
        rowStarted = false;
        line++;
        continue;
      }
      starts.push(line);
    }
    if (ch === '"') inQuotes = !inQuotes;
    if (!inQuotes && ch === '\n') {
      if (blank) starts.pop();
      rowStarted = false;
      line++;
      continue;
    }
    if (ch === '\n') line++;
    if (ch.trim() !== '') blank = false;
  }
  if (rowStarted && blank) starts.pop();
  return (row) => starts[row] ?? line;
}
