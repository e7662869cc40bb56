/**
 * Findings in one table (participants.tsv, sessions.tsv, scans.tsv, any TSV/CSV): whole columns
 * of direct identifiers, dates of birth, real dates, ages of 89 and over, free text, and identifiers
 * hiding in single cells. One finding per column and kind, with the number of rows, so a table of
 * 10,000 participants gives a readable list.
 */
import { maskValue, type Finding, type RuleId } from '../findings.js';
import type { Table } from '../tables/parse-table.js';
import { parseAge } from '../values/ages.js';
import { parseDateValue } from '../values/dates.js';
import { findTextHits, LATEST_SHIFTED_YEAR, TEXT_HIT_LABELS, type TextHitKind } from '../values/text-hits.js';
import { classifyColumn, isMissing, type ColumnRole } from './column-roles.js';
import { nameHits } from './name-findings.js';

/** Ages from this one up are rare enough to identify (HIPAA's and BIDS's top code). */
export const AGE_TOP_CODE = 89;

const DIRECT_RULES: Partial<Record<ColumnRole, RuleId>> = {
  name: 'table.name',
  email: 'table.email',
  phone: 'table.phone',
  address: 'table.address',
  'national-id': 'table.national-id',
  'pool-id': 'table.pool-id',
};

const ROLE_WORDS: Partial<Record<ColumnRole, string>> = {
  name: 'names',
  email: 'e-mail addresses',
  phone: 'phone numbers',
  address: 'addresses',
  'national-id': 'national id numbers',
  'pool-id': 'participant-pool ids',
};

/** The options dates are read with in a column known to hold dates: every format, Excel serials included. */
export const DATE_COLUMN_PARSING = { compact: true, excelSerial: true, twoDigitYears: true } as const;

/**
 * The role of every column of a table, in header order.
 *
 * @example
 * classifyTableColumns(table); // ['participant-id', 'name', 'age', …]
 */
export function classifyTableColumns(table: Table): ColumnRole[] {
  return table.header.map((header, column) => classifyColumn(header, table.rows.map((row) => row[column] ?? '')));
}

/**
 * What identifies in a table whose column roles are known (classifyTableColumns).
 *
 * @example
 * tableFindings(table, classifyTableColumns(table), 'participants.tsv', knownNames)[0];
 * // {rule: 'table.name', severity: 'blocking', file: 'participants.tsv', field: 'name', …}
 */
export function tableFindings(table: Table, roles: readonly ColumnRole[], file: string, knownNames: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  table.header.forEach((header, column) => {
    const role = roles[column] ?? 'other';
    const values = table.rows.map((row) => row[column] ?? '').filter((value) => !isMissing(value));
    if (values.length === 0) return;
    const finding = (rule: RuleId, severity: Finding['severity'], excerpt: string, message: string) =>
      findings.push({ rule, severity, file, field: header, excerpt: maskValue(excerpt), message });
    const rows = (count: number) => `${count} of ${table.rows.length} row${table.rows.length === 1 ? '' : 's'}`;

    const directRule = DIRECT_RULES[role];
    if (directRule) {
      finding(directRule, 'blocking', values[0] ?? '', `Column "${header}" holds ${ROLE_WORDS[role]} (${rows(values.length)}); remove it.`);
      return;
    }
    if (role === 'date-of-birth') {
      const dates = values.filter((value) => parseDateValue(value, DATE_COLUMN_PARSING) !== null);
      if (dates.length > 0) finding('table.date-of-birth', 'blocking', dates[0] ?? '', `Column "${header}" holds dates of birth (${rows(dates.length)}); keep the birth year or the age instead.`);
      return;
    }
    if (role === 'date') {
      const real = values.filter((value) => (parseDateValue(value, DATE_COLUMN_PARSING)?.date.year ?? 0) > LATEST_SHIFTED_YEAR);
      if (real.length > 0) finding('table.date', 'blocking', real[0] ?? '', `Column "${header}" holds exact dates (${rows(real.length)}); remove them or shift them to ${LATEST_SHIFTED_YEAR} or earlier.`);
      return;
    }
    if (role === 'age') {
      const old = values.filter((value) => {
        const age = parseAge(value);
        return age !== null && !age.topCoded && age.years >= AGE_TOP_CODE;
      });
      if (old.length > 0) finding('table.age-89-plus', 'blocking', old[0] ?? '', `Column "${header}" has ages of ${AGE_TOP_CODE} or more (${rows(old.length)}); top-code them as "${AGE_TOP_CODE}+".`);
      return;
    }
    if (role === 'free-text') finding('table.free-text', 'warning', values[0] ?? '', `Column "${header}" is free text (${rows(values.length)}); read it or drop it.`);
    findings.push(...cellFindings(file, header, values, knownNames));
  });
  return findings;
}

/** Identifiers inside single cells of a column, one finding per kind with the number of cells. */
function cellFindings(file: string, header: string, values: readonly string[], knownNames: ReadonlySet<string>): Finding[] {
  const byKind = new Map<TextHitKind, { first: string; cells: number }>();
  for (const value of values) {
    // A label (no spaces) can hold a compact date or a UID the way names do: `ses-20210304`.
    const labelHits = /\s/.test(value) ? [] : nameHits(value).map((hit) => ({ kind: hit.kind === 'date' ? ('date' as const) : ('dicom-uid' as const), value: hit.value }));
    const kinds = new Map([...findTextHits(value, knownNames), ...labelHits].map((hit) => [hit.kind, hit.value]));
    for (const [kind, hitValue] of kinds) {
      const entry = byKind.get(kind);
      if (entry) entry.cells++;
      else byKind.set(kind, { first: hitValue, cells: 1 });
    }
  }
  return [...byKind].map(([kind, { first, cells }]) => ({
    rule: kind === 'date' ? 'table.date' : 'text.identifier',
    severity: 'blocking',
    file,
    field: header,
    excerpt: maskValue(first),
    message: `Column "${header}" has ${TEXT_HIT_LABELS[kind]} in ${cells} cell${cells === 1 ? '' : 's'}; remove ${cells === 1 ? 'it' : 'them'}.`,
  }));
}

/**
 * The names a table lists in its name columns: searched for in free text everywhere else, because a
 * participant's own name is the one most likely to turn up in a note.
 *
 * @example
 * namesListedIn(table, roles); // Set {'Jan de Vries', 'Piet Bakker'}
 */
export function namesListedIn(table: Table, roles: readonly ColumnRole[]): Set<string> {
  const names = new Set<string>();
  roles.forEach((role, column) => {
    if (role !== 'name') return;
    for (const row of table.rows) {
      const value = (row[column] ?? '').trim();
      if (!isMissing(value) && value.length >= 3) names.add(value);
    }
  });
  return names;
}
