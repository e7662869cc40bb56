/**
 * TSV and CSV tables as they come: BIDS TSV, Excel CSV with `;` (Dutch locale) or `,`, fields in
 * double quotes holding delimiters, quotes ("") and line breaks, CRLF line ends, any encoding
 * decodeText understands. One parser for both, so quoted TSV cells are read right too.
 */
import { decodeText, type TextEncoding } from '../values/decode-text.js';

export type Delimiter = '\t' | ',' | ';';

export interface Table {
  header: string[];
  /** Data rows; a row shorter than the header is padded with '' so every row has header.length cells. */
  rows: string[][];
  delimiter: Delimiter;
  encoding: TextEncoding;
  lineEnding: '\n' | '\r\n';
}

/**
 * Parses table text with a known delimiter into rows of cells (the first row included).
 *
 * @example
 * parseDelimited('a,"b,c"\n1,"say ""hi"""\n', ','); // [['a', 'b,c'], ['1', 'say "hi"']]
 */
export function parseDelimited(text: string, delimiter: Delimiter): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let atCellStart = true;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
      continue;
    }
    if (char === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (char === delimiter) {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
    } else {
      cell += char;
      atCellStart = false;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  // Blank lines (a trailing one above all) are not rows.
  return rows.filter((cells) => cells.length > 1 || cells[0] !== '');
}

/**
 * The delimiter of a table file: tab for .tsv (and .txt with tabs); for .csv, `;` when the first line
 * has more semicolons than commas (Excel in a locale with decimal commas), else `,`.
 *
 * @example
 * guessDelimiter('participants.tsv', 'participant_id\tage'); // '\t'
 * guessDelimiter('data.csv', 'id;naam;leeftijd');            // ';'
 */
export function guessDelimiter(fileName: string, text: string): Delimiter {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (char: string) => firstLine.split(char).length - 1;
  if (/\.tsv$/i.test(fileName)) return '\t';
  if (count('\t') > 0 && count('\t') >= count(',') && count('\t') >= count(';')) return '\t';
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Reads a table from file bytes: decodes, picks the delimiter, splits header and rows.
 *
 * @example
 * const table = parseTable(await readFile(file), 'participants.tsv');
 * table.header; // ['participant_id', 'age', 'sex']
 */
export function parseTable(bytes: Uint8Array, fileName: string): Table {
  const { text, encoding } = decodeText(bytes);
  const delimiter = guessDelimiter(fileName, text);
  const [header = [], ...body] = parseDelimited(text, delimiter);
  const width = header.length;
  const rows = body.map((cells) => (cells.length >= width ? cells : [...cells, ...new Array<string>(width - cells.length).fill('')]));
  return { header: header.map((name) => name.trim()), rows, delimiter, encoding, lineEnding: text.includes('\r\n') ? '\r\n' : '\n' };
}
