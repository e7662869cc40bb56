/**
 * What a detector reports: one finding per identifying thing it saw, with the file, the field
 * (column, JSON key, header field, file name), a masked excerpt of the value, the rule and whether it
 * blocks publication. Findings end up in terminals, JSON and reports, so the value itself never does:
 * only a masked excerpt that lets a person find it again without re-leaking it.
 */

/** `blocking`: the copy may not be published while it remains; `warning`: a person should look. */
export type Severity = 'blocking' | 'warning';

/** Every rule a detector can report, `<where>.<what>`. */
export const RULES = {
  'table.name': 'A person’s name',
  'table.email': 'An e-mail address',
  'table.phone': 'A phone number',
  'table.address': 'A postal address or postcode',
  'table.national-id': 'A national identification number (e.g. Dutch BSN)',
  'table.pool-id': 'A participant-pool id (SONA, Prolific, MTurk, …)',
  'table.date-of-birth': 'A date of birth',
  'table.date': 'An exact date',
  'table.age-89-plus': 'An age of 89 or more',
  'table.free-text': 'Free text, which may hold anything',
  'text.identifier': 'An identifier inside free text',
  'sidecar.identifying-key': 'A JSON key that identifies the participant or the session',
  'sidecar.uid': 'A DICOM UID (embeds the scanner serial number and a date-time)',
  'sidecar.date': 'An acquisition or study date',
  'sidecar.site': 'A site-identifying key (institution, station, serial number)',
  'sidecar.free-text': 'Free text typed at the scanner (comments, descriptions)',
  'nifti.header-text': 'Text in a NIfTI header field',
  'nifti.extension': 'A NIfTI header extension',
  'gzip.stored-name': 'A gzip header that stores the original file name',
  'gzip.stored-time': 'A gzip header that stores a modification time',
  'name.dicom-uid': 'A DICOM UID in a file or folder name',
  'name.date': 'A date in a file or folder name',
  'key.candidate': 'A file that may be the pseudonymization key',
  'deface.not-defaced': 'A T1-weighted image that still shows the face',
  'deface.anatomical': 'An anatomical image that may show the face',
  'dicom.present': 'A DICOM file (its header holds patient data)',
  'media.face-picture': 'A QC picture that shows the face before defacing',
  'media.present': 'A photo, video or sound recording',
  'file.unchecked': 'A file whose content Veil cannot check',
} as const;
export type RuleId = keyof typeof RULES;

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** '/'-separated, relative to the folder that was checked. */
  file: string;
  /** Column, JSON key, header field, or `name` for the file or folder name; null for the file as a whole. */
  field: string | null;
  /** The value, masked (see maskValue); '' when the rule is about the file itself. */
  excerpt: string;
  /** One sentence for people: what was seen and what to do. */
  message: string;
}

/**
 * Masks a value so a finding can point at it without repeating it: the first two characters, the
 * length, and nothing else. Short values are masked whole.
 *
 * @example
 * maskValue('jan.devries@example.org'); // 'ja… (23 characters)'
 * maskValue('M');                        // '… (1 character)'
 */
export function maskValue(value: string): string {
  const characters = [...value.trim()];
  const count = `${characters.length} character${characters.length === 1 ? '' : 's'}`;
  const shown = characters.length >= 6 ? characters.slice(0, 2).join('') : '';
  return `${shown}… (${count})`;
}

/**
 * Counts findings by severity.
 *
 * @example
 * countFindings(findings); // {blocking: 2, warnings: 5}
 */
export function countFindings(findings: readonly Finding[]): { blocking: number; warnings: number } {
  const blocking = findings.filter((finding) => finding.severity === 'blocking').length;
  return { blocking, warnings: findings.length - blocking };
}

/** Sorts findings for display: blocking first, then by file and field. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Findings in reading order: blocking first, then by file, field and rule.
 *
 * @example
 * sortFindings(findings)[0].severity; // 'blocking'
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'blocking' ? -1 : 1) ||
      collator.compare(a.file, b.file) ||
      collator.compare(a.field ?? '', b.field ?? '') ||
      a.rule.localeCompare(b.rule),
  );
}
