/**
 * DICOM UIDs and dates in file and folder names. DCCN raw files are named after their UID
 * (`00001_1.3.12.2.1107.5.2.19.45416.2025010112000011.nii`: scanner serial 45416, 2025-01-01 12:00),
 * dcm2niix and scanners put `YYYYMMDD` and `YYYYMMDDhhmmss` in names, people write ISO dates.
 */
import type { Finding } from '../findings.js';
import { maskValue } from '../findings.js';
import { findDatesInText, parseCompactDate } from '../values/dates.js';
import { findDicomUids } from '../values/identifiers.js';

export interface NameHit {
  kind: 'dicom-uid' | 'date';
  start: number;
  end: number;
  value: string;
}

/** Runs of digits with no digit on either side: candidates for compact dates. */
const DIGIT_RUN = /(?<!\d)\d+(?!\d)/g;

/**
 * The UIDs and dates in one name, left to right, not overlapping: UIDs first, then 8- and 14-digit
 * compact dates that are real calendar days, then dates written out (`2021-03-04`).
 *
 * @example
 * nameHits('t1_fl2d_sag_20220407150138.json'); // [{kind: 'date', value: '20220407150138', …}]
 * nameHits('ses-01');                          // []
 */
export function nameHits(name: string): NameHit[] {
  const hits: NameHit[] = [];
  const add = (kind: NameHit['kind'], start: number, value: string) => {
    const end = start + value.length;
    if (!hits.some((hit) => start < hit.end && hit.start < end)) hits.push({ kind, start, end, value });
  };
  let from = 0;
  for (const uid of findDicomUids(name)) {
    const start = name.indexOf(uid, from);
    add('dicom-uid', start, uid);
    from = start + uid.length;
  }
  for (const match of name.matchAll(DIGIT_RUN)) {
    if ((match[0].length === 8 || match[0].length === 14) && parseCompactDate(match[0])) add('date', match.index, match[0]);
  }
  for (const { start, end } of findDatesInText(name)) add('date', start, name.slice(start, end));
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * Findings for every file and folder name along the given paths that holds a UID or a date; each
 * folder is reported once, however many files it holds.
 *
 * @example
 * nameFindings(['raw/sub-001/ses-mri01/002-t1/00001_1.3.12.2.1107.5.2.19.45416.2025010112000011.nii']);
 * // [{rule: 'name.dicom-uid', file: 'raw/…/00001_1.3.12….nii', field: 'name', severity: 'blocking', …}]
 */
export function nameFindings(paths: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const file of paths) {
    const segments = file.split('/');
    segments.forEach((segment, index) => {
      const here = segments.slice(0, index + 1).join('/');
      if (seen.has(here)) return;
      seen.add(here);
      const [hit] = nameHits(segment);
      if (!hit) return;
      const what = index === segments.length - 1 ? 'file' : 'folder';
      findings.push({
        rule: hit.kind === 'dicom-uid' ? 'name.dicom-uid' : 'name.date',
        severity: 'blocking',
        file: here,
        field: 'name',
        excerpt: maskValue(hit.value),
        message: `The ${what} name contains ${hit.kind === 'dicom-uid' ? 'a DICOM UID (scanner serial number and date-time)' : 'a date'}; it is renamed in the publication copy.`,
      });
    });
  }
  return findings;
}
