/**
 * k-anonymity over quasi-identifiers (by default age, sex, handedness and group): records are grouped
 * by their combination of values, k is the smallest group's size, and records in groups smaller than
 * 5 are the ones someone who knows a few facts about a participant could single out. Computed on
 * the values as they are and as generalization leaves them, so the user sees what it bought.
 */
import { isMissing, type ColumnRole } from './detectors/column-roles.js';
import type { GeneralizationChoices } from './state/checklist-state.js';
import type { Table } from './tables/parse-table.js';
import type { CalendarDate } from './values/dates.js';
import { ageFromBirthCell, birthYearCell, birthYearOnlyCell, generalizeAgeCell } from './transforms/generalize-values.js';

/** Groups smaller than this are reported (the usual rule of thumb for small research samples). */
export const SMALL_GROUP = 5;

export interface KAnonymityGroup {
  /** The quasi-identifier values shared by the group, in `quasiIdentifiers` order. */
  values: string[];
  size: number;
  /** The records' participant ids (or `row N` when the table has none). */
  records: string[];
}

export interface KAnonymity {
  /** Headers of the columns used, in order. */
  quasiIdentifiers: string[];
  /** Requested quasi-identifiers the table does not have. */
  missing: string[];
  records: number;
  /** The smallest group's size; null for a table without records or quasi-identifiers. */
  k: number | null;
  /** Groups smaller than SMALL_GROUP, smallest first. */
  smallGroups: KAnonymityGroup[];
  /** Every group, smallest first. */
  groups: KAnonymityGroup[];
}

export interface KAnonymityReport {
  file: string;
  before: KAnonymity;
  after: KAnonymity;
}

/** The column a requested quasi-identifier means: a header of that name, else a column of that role (age falls back to birth columns). */
function findColumn(name: string, table: Table, roles: readonly ColumnRole[]): number {
  const byHeader = table.header.findIndex((header) => header.toLowerCase() === name.toLowerCase());
  if (byHeader >= 0) return byHeader;
  const candidates: readonly ColumnRole[] = name === 'age' ? ['age', 'birth-year', 'date-of-birth'] : [name as ColumnRole];
  for (const role of candidates) {
    const column = roles.indexOf(role);
    if (column >= 0) return column;
  }
  return -1;
}

function group(table: Table, columns: readonly number[], value: (column: number, cell: string, row: readonly string[]) => string, recordOf: (row: readonly string[], index: number) => string): KAnonymityGroup[] {
  const groups = new Map<string, KAnonymityGroup>();
  table.rows.forEach((row, index) => {
    const values = columns.map((column) => {
      const cell = row[column] ?? '';
      return isMissing(cell) ? 'n/a' : value(column, cell, row);
    });
    const id = JSON.stringify(values);
    const entry = groups.get(id) ?? { values, size: 0, records: [] };
    entry.size++;
    entry.records.push(recordOf(row, index));
    groups.set(id, entry);
  });
  return [...groups.values()].sort((a, b) => a.size - b.size || a.values.join().localeCompare(b.values.join()));
}

function summarise(quasiIdentifiers: string[], missing: string[], records: number, groups: KAnonymityGroup[]): KAnonymity {
  return {
    quasiIdentifiers,
    missing,
    records,
    k: quasiIdentifiers.length === 0 || groups.length === 0 ? null : (groups[0]?.size ?? null),
    smallGroups: groups.filter((entry) => entry.size < SMALL_GROUP),
    groups,
  };
}

/**
 * k-anonymity of one table before and after generalization with the given choices (ages to years or
 * bands with 89+, dates of birth to a birth year or an age at the row's reference date); columns
 * left out of the copy (`dropped`) no longer count after.
 *
 * @example
 * const { before, after } = kAnonymityReport('participants.tsv', table, roles, choices, new Set(['handedness']), () => today());
 * before.k; // 1
 * after.k;  // 3
 */
export function kAnonymityReport(
  file: string,
  table: Table,
  roles: readonly ColumnRole[],
  choices: GeneralizationChoices,
  dropped: ReadonlySet<string>,
  referenceFor: (row: readonly string[]) => CalendarDate,
): KAnonymityReport {
  const found = choices.quasiIdentifiers.map((name) => ({ name, column: findColumn(name, table, roles) }));
  const columns = found.filter((entry) => entry.column >= 0).map((entry) => entry.column);
  const kept = columns.filter((column) => !dropped.has(table.header[column] ?? ''));
  const headersOf = (list: readonly number[]) => list.map((column) => table.header[column] ?? '');
  const missing = found.filter((entry) => entry.column < 0).map((entry) => entry.name);
  const idColumn = roles.indexOf('participant-id');
  const recordOf = (row: readonly string[], index: number) => (idColumn >= 0 && !isMissing(row[idColumn] ?? '') ? (row[idColumn] ?? '') : `row ${index + 1}`);
  const generalized = (column: number, cell: string, row: readonly string[]) => {
    switch (roles[column]) {
      case 'age':
        return generalizeAgeCell(cell, choices);
      case 'date-of-birth':
        return choices.dateOfBirth === 'birth-year' ? birthYearCell(cell, referenceFor(row)) : ageFromBirthCell(cell, referenceFor(row), choices);
      case 'birth-year':
        return birthYearOnlyCell(cell, referenceFor(row));
      default:
        return cell.trim().toLowerCase();
    }
  };
  return {
    file,
    before: summarise(headersOf(columns), missing, table.rows.length, group(table, columns, (_, cell) => cell.trim().toLowerCase(), recordOf)),
    after: summarise(headersOf(kept), missing, table.rows.length, group(table, kept, generalized, recordOf)),
  };
}
