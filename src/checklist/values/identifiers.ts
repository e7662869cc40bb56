/**
 * Direct identifiers recognised by their shape: e-mail addresses, phone numbers, Dutch postcodes and
 * street addresses, national ids (Dutch BSN with its 11-check, US SSN), participant-pool ids
 * (Prolific, MTurk) and DICOM UIDs. Each is a pattern over text; `findIdentifiersInText` returns
 * every match with where it is, so free text can be both reported and redacted.
 */

export type IdentifierKind = 'email' | 'phone' | 'address' | 'national-id' | 'pool-id' | 'dicom-uid';

export interface IdentifierMatch {
  kind: IdentifierKind;
  start: number;
  end: number;
  value: string;
}

/**
 * True when nine digits (or eight, read with a leading zero) pass the BSN "11-proof":
 * 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros).
 *
 * @example
 * isValidBsn('111222333'); // true
 * isValidBsn('123456789'); // false
 */
export function isValidBsn(value: string): boolean {
  // Only the ways a BSN is written (123456782, 1234.56.782): a date such as 01-02-1990 has eight digits too.
  if (!/^(\d{8,9}|\d{4}\.\d{2}\.\d{3})$/.test(value.trim())) return false;
  const digits = value.trim().replace(/\./g, '');
  const nine = digits.padStart(9, '0');
  if (/^0+$/.test(nine)) return false;
  let sum = 0;
  for (let index = 0; index < 8; index++) sum += (9 - index) * Number(nine[index]);
  sum -= Number(nine[8]);
  return sum % 11 === 0;
}

const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])/g;
/**
 * Phone numbers: an international `+`/`00` prefix or a leading 0, then digit groups with spaces,
 * dashes or brackets; 9 to 15 digits in all. Dots are not allowed between groups, so decimals and
 * version numbers are never taken for phones.
 */
const PHONE = /(?<![\w+.-])(?:\+|00)?\(?0?\d{1,4}\)?(?:[\s-]?\(?\d{1,4}\)?){2,5}(?![\w.-])/g;
/** A Dutch postcode (`6525 EN`), a street name ending in a Dutch or English street word, with a house number. */
const ADDRESS = new RegExp(
  [
    '(?<![\\w])[1-9]\\d{3}\\s?(?!SA|SD|SS|MB|KB|GB|TB|HZ|AM|PM|MS|MM|CM|KG|ML)[A-Z]{2}(?![\\w])',
    '(?<![\\p{L}])\\p{Lu}[\\p{L}\'-]*(?:straat|laan|weg|plein|gracht|singel|kade|dijk|dreef|hof|steeg|pad|street|road|avenue|lane|drive|boulevard)\\s+\\d+[a-zA-Z]?(?![\\w])',
    '(?<![\\p{L}])\\p{Lu}[\\p{L}\'-]*\\s(?:Street|St\\.|Road|Rd\\.|Avenue|Ave\\.?|Lane|Drive|Dr\\.?|Blvd\\.?)\\s*\\d+(?![\\w])',
  ].join('|'),
  'gu',
);
const SSN = /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g;
/** Nine digits (or the `1234.56.789` way of writing a BSN), not part of a longer number; a sentence's full stop may follow. */
const NINE_DIGITS = /(?<![\w.,-])(?:\d{9}|\d{4}\.\d{2}\.\d{3})(?![\w,-]|[.,]\d)/g;
/** Prolific ids are 24 hex digits; MTurk worker ids start with A and run 12–21 capitals and digits. */
const POOL_ID = /(?<![\w])(?:[0-9a-f]{24}|A[0-9A-Z]{11,20})(?![\w])/g;
/**
 * A DICOM UID: dotted numbers under a registered root (`1.2.…`, `1.3.…`, `2.16.…`, `2.25.…`) with at
 * least four more components, such as Siemens' `1.3.12.2.1107.5.2.<model>.<serial>.<date-time…>`.
 */
const DICOM_UID = /(?<![\d.])(?:1\.[23]|2\.(?:16|25|40))(?:\.(?:0|[1-9]\d*)){4,}(?![\d])/g;

const PATTERNS: ReadonlyArray<readonly [IdentifierKind, RegExp, (value: string) => boolean]> = [
  ['email', EMAIL, () => true],
  ['dicom-uid', DICOM_UID, () => true],
  ['national-id', SSN, () => true],
  ['national-id', NINE_DIGITS, isValidBsn],
  ['pool-id', POOL_ID, (value) => /\d/.test(value) && /[A-Za-z]/.test(value)],
  ['address', ADDRESS, () => true],
  ['phone', PHONE, isPlausiblePhone],
];

function isPlausiblePhone(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  const international = value.startsWith('+') || value.startsWith('00');
  if (digits.length < 9 || digits.length > 15) return false;
  // A national number starts with its trunk 0; without one it is more likely a count or an id.
  return international || digits.startsWith('0');
}

/**
 * Every identifier in `text`, left to right; where patterns overlap the first in PATTERNS wins
 * (an e-mail address is not also read as a phone number).
 *
 * @example
 * findIdentifiersInText('Call 06-12345678 or mail j.devries@example.org');
 * // [{kind: 'phone', start: 5, end: 16, value: '06-12345678'}, {kind: 'email', …}]
 */
export function findIdentifiersInText(text: string): IdentifierMatch[] {
  const found: IdentifierMatch[] = [];
  for (const [kind, regex, accept] of PATTERNS) {
    for (const match of text.matchAll(regex)) {
      const value = withoutStrayParenthesis(match[0].trim());
      const start = match.index + match[0].indexOf(value);
      const end = start + value.length;
      if (!accept(value) || found.some((other) => start < other.end && other.start < end)) continue;
      found.push({ kind, start, end, value });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** `(06-12345678)` in prose: the brackets around a phone number are not part of it, the ones around an area code are. */
function withoutStrayParenthesis(value: string): string {
  let trimmed = value;
  if (trimmed.startsWith('(') && trimmed.indexOf(')') === trimmed.length - 1) return trimmed.slice(1, -1);
  if (trimmed.startsWith('(') && !trimmed.includes(')')) trimmed = trimmed.slice(1);
  if (trimmed.endsWith(')') && !trimmed.includes('(')) trimmed = trimmed.slice(0, -1);
  return trimmed;
}

/**
 * The DICOM UIDs in a text (a file name, a JSON value).
 *
 * @example
 * findDicomUids('00001_1.3.12.2.1107.5.2.19.45416.2025010112000011.nii'); // ['1.3.12.2.1107.5.2.19.45416.2025010112000011']
 */
export function findDicomUids(text: string): string[] {
  return [...text.matchAll(DICOM_UID)].map((match) => match[0]);
}
