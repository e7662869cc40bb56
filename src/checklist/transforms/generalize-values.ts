/**
 * Generalization of single values: ages to whole years or bands, top-coded at 89+; dates of birth to
 * a birth year or an age in whole years.
 */
import { AGE_TOP_CODE } from '../detectors/table-findings.js';
import type { GeneralizationChoices } from '../state/checklist-state.js';
import { parseAge } from '../values/ages.js';
import { parseDateValue, yearsBetween, type CalendarDate } from '../values/dates.js';
import { DATE_COLUMN_PARSING } from '../detectors/table-findings.js';

type AgeChoices = Pick<GeneralizationChoices, 'ages' | 'ageBandWidth'>;

/**
 * An age in whole years, or its band, as text; 89 and over become `89+`.
 *
 * @example
 * generalizeYears(34.9, { ages: 'years', ageBandWidth: 5 }); // '34'
 * generalizeYears(34.9, { ages: 'bands', ageBandWidth: 5 }); // '30-34'
 * generalizeYears(87, { ages: 'bands', ageBandWidth: 5 });   // '85-88'
 * generalizeYears(93, { ages: 'years', ageBandWidth: 5 });   // '89+'
 */
export function generalizeYears(years: number, choices: AgeChoices): string {
  const whole = Math.floor(years);
  if (whole >= AGE_TOP_CODE) return `${AGE_TOP_CODE}+`;
  if (choices.ages === 'years') return String(whole);
  const low = Math.floor(whole / choices.ageBandWidth) * choices.ageBandWidth;
  return `${low}-${Math.min(low + choices.ageBandWidth - 1, AGE_TOP_CODE - 1)}`;
}

/**
 * An age cell generalized; a cell that is not an age (`n/a`, `unknown`) is returned as it is.
 *
 * @example
 * generalizeAgeCell('023Y', { ages: 'years', ageBandWidth: 5 }); // '23'
 * generalizeAgeCell('n/a', { ages: 'years', ageBandWidth: 5 });  // 'n/a'
 */
export function generalizeAgeCell(value: string, choices: AgeChoices): string {
  const age = parseAge(value);
  if (age === null) return value;
  return age.topCoded ? `${AGE_TOP_CODE}+` : generalizeYears(age.years, choices);
}

/**
 * A birth year, top-coded like ages: a year that makes the participant 89 or older on `reference`
 * becomes `<=YYYY` (HIPAA counts such years as identifying as the age itself).
 *
 * @example
 * generalizeBirthYear(1970, { year: 2022, month: 4, day: 7, time: null }); // '1970'
 * generalizeBirthYear(1925, { year: 2022, month: 4, day: 7, time: null }); // '<=1933'
 */
export function generalizeBirthYear(year: number, reference: CalendarDate): string {
  const latestTopCoded = reference.year - AGE_TOP_CODE;
  return year <= latestTopCoded ? `<=${latestTopCoded}` : String(year);
}

/**
 * A date-of-birth cell as a (top-coded) birth year, or `n/a` when it is not a date.
 *
 * @example
 * birthYearCell('06-06-1970', { year: 2022, month: 4, day: 7, time: null }); // '1970'
 */
export function birthYearCell(value: string, reference: CalendarDate): string {
  const parsed = parseDateValue(value, DATE_COLUMN_PARSING);
  return parsed ? generalizeBirthYear(parsed.date.year, reference) : 'n/a';
}

/**
 * A birth-year cell top-coded; a cell that is not a year is returned as it is.
 *
 * @example
 * birthYearOnlyCell('1925', { year: 2022, month: 4, day: 7, time: null }); // '<=1933'
 */
export function birthYearOnlyCell(value: string, reference: CalendarDate): string {
  return /^\d{4}$/.test(value.trim()) ? generalizeBirthYear(Number(value.trim()), reference) : value;
}

/**
 * A date-of-birth cell as the (generalized) age on `reference`, or `n/a`.
 *
 * @example
 * ageFromBirthCell('06-06-1970', { year: 2022, month: 4, day: 7, time: null }, { ages: 'years', ageBandWidth: 5 }); // '51'
 */
export function ageFromBirthCell(value: string, reference: CalendarDate, choices: AgeChoices): string {
  const parsed = parseDateValue(value, DATE_COLUMN_PARSING);
  return parsed ? generalizeYears(yearsBetween(parsed.date, reference), choices) : 'n/a';
}
