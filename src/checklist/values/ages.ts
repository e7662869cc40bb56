/**
 * Ages as tables and DICOM write them: `23`, `23.5`, `23,5` (decimal comma), DICOM age strings
 * (`034Y`, `006M`, `010W`, `003D`), `23 years`, and already top-coded `89+`.
 */

export interface ParsedAge {
  years: number;
  /** Written as `N+`: already top-coded. */
  topCoded: boolean;
}

const DICOM_AGE_UNITS: Readonly<Record<string, number>> = { Y: 1, M: 1 / 12, W: 7 / 365.25, D: 1 / 365.25 };

/**
 * Reads an age in years, or null when the value is not one (empty, `n/a`, text).
 *
 * @example
 * parseAge('034Y');  // {years: 34, topCoded: false}
 * parseAge('23,5');  // {years: 23.5, topCoded: false}
 * parseAge('89+');   // {years: 89, topCoded: true}
 * parseAge('n/a');   // null
 */
export function parseAge(value: string): ParsedAge | null {
  const trimmed = value.trim();
  const dicom = /^(\d{3})([YMWD])$/.exec(trimmed);
  if (dicom) return { years: Number(dicom[1]) * (DICOM_AGE_UNITS[dicom[2] ?? 'Y'] ?? 1), topCoded: false };
  const plain = /^(\d{1,3}(?:[.,]\d+)?)\s*(\+)?\s*(?:y|yr|yrs|years?|jaar)?$/i.exec(trimmed);
  if (!plain) return null;
  const years = Number((plain[1] ?? '').replace(',', '.'));
  if (!Number.isFinite(years) || years > 150) return null;
  return { years, topCoded: plain[2] === '+' };
}
