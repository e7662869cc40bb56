/**
 * Which participant a file or a table row belongs to, and each participant's first acquisition date:
 * what keeps one date offset per participant across tables and sidecars, and what an age computed
 * from a date of birth is measured at.
 */
import { isMissing } from '../detectors/column-roles.js';
import { participantKey } from '../detectors/key-candidates.js';
import { DATE_COLUMN_PARSING } from '../detectors/table-findings.js';
import type { SurveyedTable } from '../check/survey-folder.js';
import { parseDateValue, type CalendarDate } from '../values/dates.js';

/**
 * The participant a path belongs to (its first `sub-*` folder or file-name entity), or null.
 *
 * @example
 * participantOfPath('raw/sub-001/ses-mri01/002-t1/00001.nii'); // '001'
 * participantOfPath('participants.tsv');                       // null
 */
export function participantOfPath(relativePath: string): string | null {
  const match = /(?:^|[/_])(sub-[A-Za-z0-9]+)/.exec(relativePath);
  return match?.[1] ? participantKey(match[1]) : null;
}

const before = (a: CalendarDate, b: CalendarDate) => a.year - b.year || a.month - b.month || a.day - b.day;

/**
 * The earliest date in each participant's date columns (sessions.tsv and scans.tsv `acq_time`, visit
 * dates in participants.tsv), by participant key.
 *
 * @example
 * firstAcquisitionDates(survey.tables).get('01'); // {year: 2021, month: 3, day: 4, time: '10:00:00'}
 */
export function firstAcquisitionDates(tables: readonly SurveyedTable[]): Map<string, CalendarDate> {
  const first = new Map<string, CalendarDate>();
  for (const { file, table, roles } of tables) {
    const idColumn = roles.indexOf('participant-id');
    const dateColumns = roles.flatMap((role, column) => (role === 'date' ? [column] : []));
    if (dateColumns.length === 0) continue;
    for (const row of table.rows) {
      const id = idColumn >= 0 ? (row[idColumn] ?? '') : '';
      const participant = !isMissing(id) ? participantKey(id) : participantOfPath(file);
      if (participant === null) continue;
      for (const column of dateColumns) {
        const date = parseDateValue(row[column] ?? '', DATE_COLUMN_PARSING)?.date;
        const current = first.get(participant);
        if (date && (!current || before(date, current) < 0)) first.set(participant, date);
      }
    }
  }
  return first;
}

/**
 * Today as a calendar date (UTC).
 *
 * @example
 * today(); // {year: 2026, month: 11, day: 25, time: null}
 */
export function today(): CalendarDate {
  const now = new Date();
  return { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate(), time: null };
}
