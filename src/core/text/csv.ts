/**
 * The app's one CSV reader, on papaparse (a maintained RFC 4180 parser): quoted cells with commas, doubled quotes
 * and line breaks, a UTF-8 byte-order mark, CRLF or LF line ends, blank lines skipped. Every row keeps the 1-based
 * line it starts on, so callers can name "row N (line L)" in their messages; a malformed file (an unclosed quote)
 * is rejected with the line named.
 */
import Papa from 'papaparse';

export interface CsvRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** The cells, trimmed. */
  cells: string[];
}

/** Parses CSV text into rows of trimmed cells (the header is rows[0]); throws naming the line of a malformed row. */
export function readCsv(text: string): CsvRow[] {
  // One line-end convention for the whole file (papaparse takes the first it sees), the BOM dropped.
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy', delimiter: ',', newline: '\n' });
  const bad = parsed.errors.find((e) => e.type === 'Quotes');
  const lineOfRow = startLines(body);
  if (bad) throw new Error(`line ${lineOfRow(bad.row ?? 0)}: ${bad.message.toLowerCase()}`);
  // papaparse does not report lines; count the line breaks outside quotes before each row instead.
  return parsed.data.map((cells, i) => ({ line: lineOfRow(i), cells: cells.map((c) => c.trim()) }));
}

/** Maps a non-blank row index to the 1-based line where it starts (line breaks inside quotes do not start rows). */
function startLines(text: string): (row: number) => number {
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
