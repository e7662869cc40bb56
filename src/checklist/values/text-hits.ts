/**
 * Everything identifying inside one piece of free text — identifiers by shape, names, and dates that
 * are real (after 1925: BIDS puts shifted dates in 1925 or earlier) — as one list of spans, so the
 * same answer serves the detectors (report it) and the transforms (redact it).
 */
import { findDatesInText } from './dates.js';
import { findIdentifiersInText, type IdentifierKind } from './identifiers.js';
import { findNamesInText } from './person-names.js';

export type TextHitKind = IdentifierKind | 'name' | 'date';

export interface TextHit {
  kind: TextHitKind;
  start: number;
  end: number;
  value: string;
}

/** Dates in this year or earlier are taken for shifted (BIDS's recommendation), not real. */
export const LATEST_SHIFTED_YEAR = 1925;

/**
 * The identifying spans of `text`, left to right, without overlaps (identifiers first, then names,
 * then dates).
 *
 * @example
 * findTextHits('Mailed j@x.nl on 2021-03-04; Jan de Vries called.', new Set());
 * // [{kind: 'email', …}, {kind: 'date', …}, {kind: 'name', value: 'Jan de Vries', …}]
 */
export function findTextHits(text: string, knownNames: ReadonlySet<string>): TextHit[] {
  const hits: TextHit[] = findIdentifiersInText(text).map(({ kind, start, end, value }) => ({ kind, start, end, value }));
  const free = (start: number, end: number) => !hits.some((hit) => start < hit.end && hit.start < end);
  for (const name of findNamesInText(text, knownNames)) {
    if (free(name.start, name.end)) hits.push({ kind: 'name', ...name });
  }
  for (const { start, end, parsed } of findDatesInText(text)) {
    if (parsed.date.year > LATEST_SHIFTED_YEAR && free(start, end)) hits.push({ kind: 'date', start, end, value: text.slice(start, end) });
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** How each kind reads in a sentence. */
export const TEXT_HIT_LABELS: Readonly<Record<TextHitKind, string>> = {
  email: 'an e-mail address',
  phone: 'a phone number',
  address: 'an address',
  'national-id': 'a national id',
  'pool-id': 'a participant-pool id',
  'dicom-uid': 'a DICOM UID',
  name: 'a name',
  date: 'a date',
};

/**
 * The text with every hit replaced by `[removed]`.
 *
 * @example
 * redactText('Call 06-12345678', findTextHits('Call 06-12345678', new Set())); // 'Call [removed]'
 */
export function redactText(text: string, hits: readonly TextHit[]): string {
  let result = '';
  let position = 0;
  for (const hit of hits) {
    result += `${text.slice(position, hit.start)}[removed]`;
    position = hit.end;
  }
  return result + text.slice(position);
}
