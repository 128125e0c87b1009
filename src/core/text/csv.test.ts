/**
 * The one CSV reader: quoting (commas, doubled quotes, line breaks inside quotes), BOM, CRLF and blank lines, and
 * the line each row starts on. Expected values are written out by hand from RFC 4180.
 */
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.ts';

describe('readCsv', () => {
  it("reads quoted cells, a BOM, CRLF and blank lines, keeping each row's first line", () => {
    const text = '\ufeffid,label\r\n\r\na,"x, y"\r\n"b ""q""",2\n\n"multi\nline",3\n';
    expect(readCsv(text)).toEqual([
      { line: 1, cells: ['id', 'label'] },
      { line: 3, cells: ['a', 'x, y'] },
      { line: 4, cells: ['b "q"', '2'] },
      { line: 6, cells: ['multi\nline', '3'] },
    ]);
  });
  it('trims cells and keeps empty ones', () => {
    expect(readCsv(' a , ,c\n')).toEqual([{ line: 1, cells: ['a', '', 'c'] }]);
  });
  it('rejects an unclosed quote, naming its line', () => {
    expect(() => readCsv('a,b\n"open,1\n')).toThrow(/^line 2: quoted field unterminated/);
  });
  it('an empty file has no rows', () => {
    expect(readCsv('\r\n\n')).toEqual([]);
  });
});

describe('readCsv options', () => {
  it('guesses one delimiter per file among those accepted, and skips comment lines', () => {
    expect(readCsv('# note, "x\na;b\n\n#c;d\ne;"f;g"\n', { delimiters: [',', ';', '\t'], comments: '#' })).toEqual([
      { line: 2, cells: ['a', 'b'] },
      { line: 5, cells: ['e', 'f;g'] },
    ]);
    expect(readCsv('a\tb\n1\t2', { delimiters: [',', ';', '\t'] })).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
  });
});
