/**
 * Writing a table back: UTF-8 without a byte-order mark (what BIDS asks), the input's delimiter and
 * line ends, and quotes only where a cell needs them, so an unchanged BIDS TSV comes out as it went in.
 */
import type { Table } from './parse-table.js';

/**
 * The file text of a table.
 *
 * @example
 * formatTable({ header: ['id', 'note'], rows: [['1', 'a, b']], delimiter: ',', encoding: 'utf-8', lineEnding: '\n' });
 * // 'id,note\n1,"a, b"\n'
 */
export function formatTable(table: Pick<Table, 'header' | 'rows' | 'delimiter' | 'lineEnding'>): string {
  const quote = (cell: string) =>
    cell.includes(table.delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r') ? `"${cell.replaceAll('"', '""')}"` : cell;
  return [table.header, ...table.rows].map((cells) => cells.map(quote).join(table.delimiter) + table.lineEnding).join('');
}
