/**
 * `veil minimize …`: checklist item 3 from the command line — show what goes into the copy and which
 * personal-data columns need a justification, change the selection, justify columns, confirm.
 */
import path from 'node:path';
import { evaluateChecklist } from '../checklist/items/evaluate-checklist.js';
import { confirmSelection, dropColumns, excludeFromCopy, includeInCopy, justifyColumn, keepColumns } from '../checklist/items/minimization.js';
import { EXIT_OK } from './exit-codes.js';

/**
 * Prints the selection: files left out (by reason), the personal-data columns and their
 * justifications, and whether the selection is confirmed.
 *
 * @example
 * await minimizeShowCommand('/data/study', { json: false });
 */
export async function minimizeShowCommand(dir: string, options: { json: boolean }): Promise<number> {
  const evaluation = await evaluateChecklist(path.resolve(dir));
  const { plan, personalColumns, state } = evaluation;
  if (options.json) {
    console.log(JSON.stringify({ files: plan.files, personalColumns, selection: state.selection, confirmed: state.selectionConfirmed }, null, 2));
    return EXIT_OK;
  }
  const going = plan.files.filter((file) => file.excluded === null);
  console.log(`${going.length} files go into the copy.`);
  const left = plan.files.filter((file) => file.excluded !== null);
  for (const file of left) console.log(`  left out: ${file.path} (${file.excluded?.text})`);
  for (const column of personalColumns) {
    const status = column.dropped ? 'left out' : column.justification ? `kept: ${column.justification.text}` : 'NEEDS A JUSTIFICATION (veil minimize justify DIR COLUMN "…") or drop it';
    console.log(`  column "${column.column}" (${column.role}; ${column.tables.join(', ')}): ${status}`);
  }
  console.log(state.selectionConfirmed ? `Confirmed by ${state.selectionConfirmed.user}, ${state.selectionConfirmed.at}.` : 'Not confirmed yet: veil minimize confirm DIR');
  return EXIT_OK;
}

/** The selection changes, each printing what it did; all resolve with exit code 0. */
export const minimizeActions = {
  exclude: async (dir: string, paths: string[]) => {
    await excludeFromCopy(path.resolve(dir), paths);
    console.log(`Left out of the copy: ${paths.join(', ')}. The selection needs confirming again.`);
    return EXIT_OK;
  },
  include: async (dir: string, paths: string[]) => {
    await includeInCopy(path.resolve(dir), paths);
    console.log(`Put into the copy: ${paths.join(', ')}. The selection needs confirming again.`);
    return EXIT_OK;
  },
  dropColumns: async (dir: string, columns: string[]) => {
    await dropColumns(path.resolve(dir), columns);
    console.log(`Columns left out of every table: ${columns.join(', ')}. The selection needs confirming again.`);
    return EXIT_OK;
  },
  keepColumns: async (dir: string, columns: string[]) => {
    await keepColumns(path.resolve(dir), columns);
    console.log(`Columns kept again: ${columns.join(', ')}. The selection needs confirming again.`);
    return EXIT_OK;
  },
  justify: async (dir: string, column: string, text: string) => {
    await justifyColumn(path.resolve(dir), column, text);
    console.log(`Column "${column}" justified: ${text.trim()}`);
    return EXIT_OK;
  },
  confirm: async (dir: string) => {
    const root = path.resolve(dir);
    await confirmSelection(root);
    const { personalColumns } = await evaluateChecklist(root);
    const open = personalColumns.filter((column) => !column.dropped && !column.justification);
    console.log('Selection confirmed.');
    if (open.length) console.log(`Still to justify or drop: ${open.map((column) => column.column).join(', ')}.`);
    return EXIT_OK;
  },
};
