/**
 * One table made publishable: direct-identifier columns and the columns the user dropped removed,
 * dates of birth turned into a birth year or an age, ages into whole years or bands with 89+,
 * dates shifted with the participant's offset (or removed), identifiers inside cells redacted, and
 * references to renamed files rewritten. Every change is listed, for the preview and the report.
 */
import { DIRECT_IDENTIFIER_ROLES, isMissing, ROLE_CONTENTS, type ColumnRole } from '../detectors/column-roles.js';
import { participantKey } from '../detectors/key-candidates.js';
import { nameHits } from '../detectors/name-findings.js';
import { DATE_COLUMN_PARSING } from '../detectors/table-findings.js';
import type { GeneralizationChoices } from '../state/checklist-state.js';
import type { Table } from '../tables/parse-table.js';
import { formatIsoDate, parseDateValue, type CalendarDate } from '../values/dates.js';
import { findTextHits, redactText } from '../values/text-hits.js';
import type { DateShifter } from './date-shifter.js';
import { ageFromBirthCell, birthYearCell, birthYearOnlyCell, generalizeAgeCell } from './generalize-values.js';

export interface TableTransformContext {
  roles: readonly ColumnRole[];
  choices: GeneralizationChoices;
  /** Headers the user left out of every table. */
  droppedColumns: ReadonlySet<string>;
  knownNames: ReadonlySet<string>;
  shifter: DateShifter;
  /** The participant the table belongs to by its path (`sub-01/sub-01_sessions.tsv`), or null. */
  pathParticipant: string | null;
  /** Each participant's first acquisition date: the reference for an age from a date of birth. */
  firstDates: ReadonlyMap<string, CalendarDate>;
  /** The staging date: the reference when a participant has no acquisition date at all. */
  today: CalendarDate;
  /** The new form of a cell that names a renamed file, or null when it names none. */
  rewriteReference: (value: string) => string | null;
}

export interface ColumnChange {
  /** The column's header in the source table. */
  column: string;
  /** What was done, for people: `removed (e-mail addresses)`, `dates shifted`, … */
  action: string;
  /** Cells whose value changed (for a removed column: its non-empty cells). */
  cells: number;
}

export interface TransformedTable {
  table: Table;
  changes: ColumnChange[];
}

/** What happens to one column: dropped, or each cell mapped (row index given for row-level context). */
type ColumnPlan = { drop: string } | { header: string; action: string; map: (value: string, row: readonly string[]) => string };

/**
 * Transforms one table; the input is not changed.
 *
 * @example
 * const { table: out, changes } = transformTable(table, context);
 * changes; // [{column: 'email', action: 'removed (e-mail addresses)', cells: 12}, {column: 'dob', action: 'date of birth → birth year (birth_year)', cells: 12}]
 */
export function transformTable(table: Table, context: TableTransformContext): TransformedTable {
  const idColumn = context.roles.indexOf('participant-id');
  const participantOf = (row: readonly string[]) => {
    const id = idColumn >= 0 ? (row[idColumn] ?? '') : '';
    return !isMissing(id) ? participantKey(id) : (context.pathParticipant ?? '');
  };
  const firstDateColumn = context.roles.indexOf('date');
  const referenceFor = (row: readonly string[]): CalendarDate => {
    const own = firstDateColumn >= 0 ? parseDateValue(row[firstDateColumn] ?? '', DATE_COLUMN_PARSING)?.date : undefined;
    return own ?? context.firstDates.get(participantOf(row)) ?? context.today;
  };
  const headers = new Set(table.header);
  const freeHeader = (wanted: string) => (headers.has(wanted) ? `${wanted}_from_dob` : wanted);

  const plans: ColumnPlan[] = table.header.map((header, column): ColumnPlan => {
    const role = context.roles[column] ?? 'other';
    if (DIRECT_IDENTIFIER_ROLES.has(role)) return { drop: `removed (${ROLE_CONTENTS[role]})` };
    if (context.droppedColumns.has(header)) return { drop: 'removed (left out by you)' };
    switch (role) {
      case 'date-of-birth':
        return context.choices.dateOfBirth === 'birth-year'
          ? { header: freeHeader('birth_year'), action: 'date of birth → birth year', map: (value, row) => birthYearCell(value, referenceFor(row)) }
          : { header: freeHeader('age'), action: 'date of birth → age in years', map: (value, row) => ageFromBirthCell(value, referenceFor(row), context.choices) };
      case 'birth-year':
        return { header, action: 'birth years top-coded (89 and older)', map: (value, row) => birthYearOnlyCell(value, referenceFor(row)) };
      case 'age':
        return { header, action: context.choices.ages === 'years' ? 'ages → whole years, 89+' : `ages → ${context.choices.ageBandWidth}-year bands, 89+`, map: (value) => generalizeAgeCell(value, context.choices) };
      case 'date':
        if (context.choices.dates === 'remove') return { drop: 'removed (dates)' };
        return { header, action: 'dates shifted to 1925 or earlier (one offset per participant)', map: (value, row) => shiftCell(value, participantOf(row), context.shifter) };
      default:
        return { header, action: 'identifiers in cells removed', map: (value) => cleanCell(value, context) };
    }
  });

  const kept = plans.flatMap((plan, column) => ('drop' in plan ? [] : [{ plan, column }]));
  const rows = table.rows.map((row) => kept.map(({ plan, column }) => plan.map(row[column] ?? '', row)));
  const changes = plans.flatMap((plan, column): ColumnChange[] => {
    const header = table.header[column] ?? '';
    if ('drop' in plan) return [{ column: header, action: plan.drop, cells: table.rows.filter((row) => !isMissing(row[column] ?? '')).length }];
    const position = kept.findIndex((entry) => entry.column === column);
    const cells = table.rows.filter((row, index) => (row[column] ?? '') !== rows[index]?.[position]).length;
    const renamed = plan.header !== header ? ` (as ${plan.header})` : '';
    return cells > 0 || renamed ? [{ column: header, action: `${plan.action}${renamed}`, cells }] : [];
  });
  return { table: { ...table, header: kept.map(({ plan }) => ('drop' in plan ? '' : plan.header)), rows }, changes };
}

function shiftCell(value: string, participant: string, shifter: DateShifter): string {
  const parsed = parseDateValue(value, DATE_COLUMN_PARSING);
  if (!parsed) return isMissing(value) ? value : 'n/a';
  const shifted = shifter.shift(participant, parsed.date);
  return shifted ? formatIsoDate(shifted) : 'n/a';
}

/** A cell with its identifiers, and the UIDs and dates of labels (`ses-20210304`), replaced by `[removed]`. */
function cleanCell(value: string, context: TableTransformContext): string {
  const reference = context.rewriteReference(value);
  if (reference !== null) return reference;
  const labelHits = /\s/.test(value) ? [] : nameHits(value).map((hit) => ({ ...hit, kind: 'date' as const }));
  const hits = labelHits.length > 0 ? labelHits : findTextHits(value, context.knownNames);
  return hits.length > 0 ? redactText(value, hits) : value;
}
