/**
 * The practice project's made-up participants and scanner session: everything a real project would
 * hold about them (names, e-mail addresses, dates of birth, scan dates, DICOM UIDs, the site), fixed
 * here so every generated project is the same. None of them is a real person; the addresses use the
 * reserved example.org domain.
 */

export interface PracticeParticipant {
  /** The pseudonym: the `sub-*` folder name. */
  subject: string;
  name: string;
  email: string;
  /** ISO date. */
  dateOfBirth: string;
  sex: 'F' | 'M';
  handedness: 'right' | 'left';
  /** When the session was scanned, ISO date-time (local time). */
  scanned: string;
}

/** Five participants: enough for the key, the tables and a k-anonymity check to mean something. */
export const PRACTICE_PARTICIPANTS: readonly PracticeParticipant[] = [
  { subject: 'sub-001', name: 'Anna de Jong', email: 'anna.dejong@example.org', dateOfBirth: '1994-03-12', sex: 'F', handedness: 'right', scanned: '2024-02-05T09:12:44' },
  { subject: 'sub-002', name: 'Bram Visser', email: 'bram.visser@example.org', dateOfBirth: '1988-11-02', sex: 'M', handedness: 'right', scanned: '2024-02-05T10:31:07' },
  { subject: 'sub-003', name: 'Sanne Mulder', email: 'sanne.mulder@example.org', dateOfBirth: '1999-07-25', sex: 'F', handedness: 'left', scanned: '2024-02-07T14:03:51' },
  { subject: 'sub-004', name: 'Daan Smit', email: 'daan.smit@example.org', dateOfBirth: '1991-01-30', sex: 'M', handedness: 'right', scanned: '2024-02-09T08:47:19' },
  { subject: 'sub-005', name: 'Lotte Bos', email: 'lotte.bos@example.org', dateOfBirth: '1985-09-08', sex: 'F', handedness: 'right', scanned: '2024-02-12T16:20:33' },
];

/** The made-up site, as a scanner writes it into every sidecar. */
export const PRACTICE_SITE = {
  institution: 'Practice Imaging Centre Nijmegen',
  station: 'PRACTICE-MR01',
  serialNumber: '99042',
} as const;

/** Root of the made-up scanner's DICOM UIDs (Siemens-like: vendor root, model, serial number). */
const UID_ROOT = `1.3.12.2.1107.5.2.43.${PRACTICE_SITE.serialNumber}`;

/**
 * A DICOM-like UID for a participant's series, built like a scanner's: root, then the acquisition
 * date-time, then the participant and series numbers, so it differs per file yet never changes.
 *
 * @example
 * seriesUid(PRACTICE_PARTICIPANTS[0], 2); // '1.3.12.2.1107.5.2.43.99042.2024020509124400001.0.0.2'
 */
export function seriesUid(participant: PracticeParticipant, series: number): string {
  const stamp = participant.scanned.replace(/\D/g, '');
  return `${UID_ROOT}.${stamp}${participant.subject.replace(/\D/g, '').padStart(5, '0')}.0.0.${series}`;
}
