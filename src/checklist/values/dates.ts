/**
 * Dates as they appear in study tables, sidecars and names: ISO (`2021-03-04`, `2021-03-04T10:20:30`),
 * day-first (`04-03-2021`, `4/3/2021`, `04.03.2021`), month-first when the day gives it away
 * (`12/31/2021`), English and Dutch month names (`4 March 2021`, `4 maart 2021`, `Mar 4, 2021`),
 * compact DICOM-style `20210304` and `20210304102030`, and Excel serial day numbers (`44259`).
 * Ambiguous day/month order is read day-first: Veil's users are mostly European, and a wrong guess
 * only changes which day a date is shifted from, never whether it is found.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
  /** Time of day as written after the date (`10:20:30`, `10:20:30.5`), or null. */
  time: string | null;
}

export type DateFormat = 'iso' | 'day-first' | 'month-first' | 'month-name' | 'compact' | 'excel-serial';

export interface ParsedDate {
  date: CalendarDate;
  format: DateFormat;
}

/** Years a real study date or birth date can have; outside this a number is not taken for a date. */
const EARLIEST_YEAR = 1850;
const LATEST_YEAR = 2100;

const MONTH_NAMES: Readonly<Record<string, number>> = {
  jan: 1, january: 1, januari: 1,
  feb: 2, february: 2, februari: 2,
  mar: 3, march: 3, mrt: 3, maart: 3,
  apr: 4, april: 4,
  may: 5, mei: 5,
  jun: 6, june: 6, juni: 6,
  jul: 7, july: 7, juli: 7,
  aug: 8, august: 8, augustus: 8,
  sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, okt: 10, oktober: 10,
  nov: 11, november: 11,
  dec: 12, december: 12,
};
const MONTH = `(${Object.keys(MONTH_NAMES).sort((a, b) => b.length - a.length).join('|')})\\.?`;
const TIME = '(?:[T ](\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)(?:Z|[+-]\\d{2}:?\\d{2})?)?';

/** Patterns for dates written out, in any text; each captures the parts `read` below expects. */
const TEXT_PATTERNS: ReadonlyArray<{ regex: RegExp; read: (match: RegExpExecArray) => ParsedDate | null }> = [
  {
    regex: new RegExp(`(?<![\\d.])(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})${TIME}(?![\\d])`, 'g'),
    read: (m) => dated(Number(m[1]), Number(m[3]), Number(m[4]), m[5], 'iso'),
  },
  {
    regex: new RegExp(`(?<![\\d.])(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4})${TIME}(?![\\d])`, 'g'),
    read: (m) => dayOrMonthFirst(Number(m[1]), Number(m[3]), Number(m[4]), m[5]),
  },
  {
    regex: new RegExp(`(?<![\\p{L}\\d])(\\d{1,2})(?:st|nd|rd|th|e)?[\\s-]+${MONTH}[\\s,-]+(\\d{4})(?![\\d])`, 'giu'),
    read: (m) => dated(Number(m[3]), monthNumber(m[2]), Number(m[1]), undefined, 'month-name'),
  },
  {
    regex: new RegExp(`(?<![\\p{L}\\d])${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?![\\d])`, 'giu'),
    read: (m) => dated(Number(m[3]), monthNumber(m[1]), Number(m[2]), undefined, 'month-name'),
  },
];

function monthNumber(name: string | undefined): number {
  return MONTH_NAMES[(name ?? '').toLowerCase()] ?? 0;
}

/**
 * True when year-month-day is a day that exists (leap years included).
 *
 * @example
 * isCalendarDate(2024, 2, 29); // true
 * isCalendarDate(2023, 2, 29); // false
 */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dated(year: number, month: number, day: number, time: string | undefined, format: DateFormat): ParsedDate | null {
  if (year < EARLIEST_YEAR || year > LATEST_YEAR || !isCalendarDate(year, month, day)) return null;
  return { date: { year, month, day, time: time ?? null }, format };
}

function dayOrMonthFirst(first: number, second: number, year: number, time: string | undefined): ParsedDate | null {
  if (first > 12 || second <= 12) return dated(year, second, first, time, 'day-first');
  return dated(year, first, second, time, 'month-first');
}

/**
 * Every date written out in free text, with where it is: ISO, day- or month-first with `-`, `/` or
 * `.`, and month names in English or Dutch. Compact digit runs are left out on purpose: in prose
 * they are far more often counts or ids.
 *
 * @example
 * findDatesInText('Seen on 4 maart 2021 and 2021-03-18.');
 * // [{start: 8, end: 20, date: {year: 2021, month: 3, day: 4, …}}, {start: 25, end: 35, …}]
 */
export function findDatesInText(text: string): { start: number; end: number; parsed: ParsedDate }[] {
  const found: { start: number; end: number; parsed: ParsedDate }[] = [];
  for (const { regex, read } of TEXT_PATTERNS) {
    for (const match of text.matchAll(regex)) {
      const parsed = read(match as RegExpExecArray);
      const start = match.index;
      const end = start + match[0].length;
      if (parsed && !found.some((other) => start < other.end && other.start < end)) found.push({ start, end, parsed });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * A compact DICOM-style date `YYYYMMDD` or date-time `YYYYMMDDhhmmss[.ffffff]`, or null.
 *
 * @example
 * parseCompactDate('20220407150138'); // {date: {year: 2022, month: 4, day: 7, time: '15:01:38'}, format: 'compact'}
 * parseCompactDate('12345678');       // null (month 56)
 */
export function parseCompactDate(value: string): ParsedDate | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})(\.\d+)?)?$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds, fraction] = match;
  if (hours !== undefined && (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59)) return null;
  const time = hours === undefined ? undefined : `${hours}:${minutes}:${seconds}${fraction ?? ''}`;
  return dated(Number(year), Number(month), Number(day), time, 'compact');
}

/** Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 (serial 60) is accounted for. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;

/**
 * The date of an Excel serial day number (the 1900 date system), or null outside 1900–2100. Only
 * meaningful where a column is known to hold dates: any number could be a serial.
 *
 * @example
 * excelSerialToDate(44259);     // {year: 2021, month: 3, day: 4, time: null}
 * excelSerialToDate(44259.5);   // {…, time: '12:00:00'}
 */
export function excelSerialToDate(serial: number): CalendarDate | null {
  if (!Number.isFinite(serial) || serial < 61 || serial >= 73051) return null;
  const whole = Math.floor(serial);
  const date = new Date(EXCEL_EPOCH_MS + whole * MS_PER_DAY);
  const seconds = Math.round((serial - whole) * 86_400);
  const time = seconds === 0 ? null : [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), time };
}

export interface ParseDateOptions {
  /** Read bare 8- and 14-digit numbers as compact dates (date columns, file names). */
  compact?: boolean;
  /** Read numbers from 61 to 73050 as Excel serial days (only in columns known to hold dates). */
  excelSerial?: boolean;
  /** Read `dd-mm-yy` (two-digit years, taken as 19yy when later than this year's yy). */
  twoDigitYears?: boolean;
}

/**
 * A whole value (a table cell, a JSON string) read as one date, or null when it is not one.
 *
 * @example
 * parseDateValue('04-03-2021');                        // day-first, 4 March 2021
 * parseDateValue('44259', { excelSerial: true });      // excel-serial, 4 March 2021
 * parseDateValue('20210304', { compact: true });       // compact, 4 March 2021
 * parseDateValue('4 maart 2021');                      // month-name
 */
export function parseDateValue(value: string, options: ParseDateOptions = {}): ParsedDate | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const inText = findDatesInText(trimmed);
  if (inText.length === 1 && inText[0]?.start === 0 && inText[0].end === trimmed.length) return inText[0].parsed;
  if (options.compact) {
    const compact = parseCompactDate(trimmed);
    if (compact) return compact;
  }
  if (options.excelSerial && /^\d{2,5}(\.\d+)?$/.test(trimmed)) {
    const date = excelSerialToDate(Number(trimmed));
    if (date) return { date, format: 'excel-serial' };
  }
  if (options.twoDigitYears) {
    const short = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{2})$/.exec(trimmed);
    if (short) {
      const yy = Number(short[4]);
      const century = yy > new Date().getUTCFullYear() % 100 ? 1900 : 2000;
      return dayOrMonthFirst(Number(short[1]), Number(short[3]), century + yy, undefined);
    }
  }
  return null;
}

/**
 * The date as ISO 8601 (`2021-03-04`, or `2021-03-04T10:20:30` with a time), which BIDS asks for.
 *
 * @example
 * formatIsoDate({ year: 1921, month: 3, day: 4, time: '10:20:30' }); // '1921-03-04T10:20:30'
 */
export function formatIsoDate(date: CalendarDate): string {
  const day = `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  return date.time === null ? day : `${day}T${date.time.padStart(8, '0')}`;
}

/**
 * The date moved by a whole number of days (negative: earlier); the time of day is kept.
 *
 * @example
 * shiftDate({ year: 2021, month: 3, day: 4, time: null }, -1); // {year: 2021, month: 3, day: 3, time: null}
 */
export function shiftDate(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * MS_PER_DAY);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), time: date.time };
}

/**
 * Whole years between a birth date and a later date (the age someone had on that day).
 *
 * @example
 * yearsBetween({ year: 1990, month: 5, day: 10, time: null }, { year: 2021, month: 5, day: 9, time: null }); // 30
 */
export function yearsBetween(birth: CalendarDate, on: CalendarDate): number {
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}
