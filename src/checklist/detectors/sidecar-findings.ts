/**
 * Findings in one JSON sidecar: identifying keys (the list, see sidecar-keys.ts), UIDs, real
 * dates, site keys, free text, and identifiers hiding in the values of keys that are otherwise kept
 * (a name in SeriesDescription). Nested objects and arrays are walked; a finding's field is the
 * key path (`DeidentificationMethodCodeSequence[0].CodeMeaning`).
 */
import { maskValue, type Finding, type RuleId, type Severity } from '../findings.js';
import { parseDateValue } from '../values/dates.js';
import { findTextHits, LATEST_SHIFTED_YEAR, TEXT_HIT_LABELS } from '../values/text-hits.js';
import { ATTRIBUTION_KEYS, classifySidecarKey, type SidecarKeyClass } from './sidecar-keys.js';

const KEY_FINDINGS: Partial<Record<SidecarKeyClass, { rule: RuleId; severity: Severity; advice: string }>> = {
  identifying: { rule: 'sidecar.identifying-key', severity: 'blocking', advice: 'it identifies the participant or the staff; remove it' },
  uid: { rule: 'sidecar.uid', severity: 'blocking', advice: 'a DICOM UID embeds the scanner serial number and a date-time; remove it' },
  time: { rule: 'sidecar.date', severity: 'warning', advice: 'a time of day pins the session down together with its date; remove it' },
  site: { rule: 'sidecar.site', severity: 'warning', advice: 'it identifies the scanner; remove it' },
  institution: { rule: 'sidecar.site', severity: 'warning', advice: 'it identifies the site; remove it unless keeping it is a stated choice' },
  'free-text': { rule: 'sidecar.free-text', severity: 'warning', advice: 'free text typed at the scanner may name people; remove it' },
};

/** A value as one line of text, for excerpts and text search. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** Whether a date-class value holds a date after 1925 (one shifted to 1925 or earlier is fine). */
function holdsRealDate(value: unknown): boolean {
  const parsed = parseDateValue(asText(value), { compact: true });
  return parsed !== null && parsed.date.year > LATEST_SHIFTED_YEAR;
}

/**
 * The findings of a parsed sidecar. In `dataset_description.json` (attribution: true) the keys that
 * credit people on purpose are not searched for names.
 *
 * @example
 * sidecarFindings('sub-01/anat/sub-01_T1w.json', { PatientName: 'HFS', EchoTime: 0.002 }, new Set(), { attribution: false });
 * // [{rule: 'sidecar.identifying-key', severity: 'blocking', field: 'PatientName', …}]
 */
export function sidecarFindings(file: string, json: unknown, knownNames: ReadonlySet<string>, options: { attribution: boolean }): Finding[] {
  const findings: Finding[] = [];
  const visit = (value: unknown, path: string, key: string | null) => {
    const keyClass = key === null ? 'keep' : classifySidecarKey(key);
    if (keyClass === 'deidentification') return;
    if (key !== null && options.attribution && path === key && ATTRIBUTION_KEYS.has(key)) return;
    const keyFinding = KEY_FINDINGS[keyClass];
    if (keyFinding) {
      findings.push({ rule: keyFinding.rule, severity: keyFinding.severity, file, field: path, excerpt: maskValue(asText(value)), message: `${path}: ${keyFinding.advice}.` });
      if (keyClass !== 'free-text') return;
    }
    if (keyClass === 'date') {
      if (holdsRealDate(value)) {
        findings.push({ rule: 'sidecar.date', severity: 'blocking', file, field: path, excerpt: maskValue(asText(value)), message: `${path} holds a real date; remove it or shift it to ${LATEST_SHIFTED_YEAR} or earlier.` });
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${index}]`, null));
    else if (typeof value === 'object' && value !== null) {
      for (const [childKey, child] of Object.entries(value)) visit(child, path ? `${path}.${childKey}` : childKey, childKey);
    } else if (typeof value === 'string') {
      for (const hit of findTextHits(value, knownNames)) {
        findings.push({
          rule: hit.kind === 'date' ? 'sidecar.date' : 'text.identifier',
          severity: 'blocking',
          file,
          field: path,
          excerpt: maskValue(hit.value),
          message: `${path || 'The value'} contains ${TEXT_HIT_LABELS[hit.kind]}; remove it.`,
        });
      }
    }
  };
  visit(json, '', null);
  return findings;
}
