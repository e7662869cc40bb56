/**
 * Candidate pseudonymization-key files: the table that links each participant's pseudonym to who
 * they are. Found by name (key, codebook, mapping, koppel…, sleutel…, pseudonym…) and by content (a
 * table that pairs a column of participant ids with names, e-mail addresses, phone numbers, birth
 * dates, national or pool ids). Searched everywhere in the dataset, inside the selection or not.
 */
import type { Finding } from '../findings.js';
import type { Table } from '../tables/parse-table.js';
import { DIRECT_IDENTIFIER_ROLES, headerWords, isMissing, ROLE_CONTENTS, type ColumnRole } from './column-roles.js';

export interface KeyCandidate {
  /** '/'-separated, relative to the dataset root. */
  file: string;
  /** Why it looks like a key, one sentence each. */
  reasons: string[];
}

/** Whole words of a file name that say "key" in English or Dutch; Dutch compounds by prefix. */
const KEY_WORDS = new Set(['key', 'keys', 'keyfile', 'codebook', 'mapping', 'linking', 'linkage', 'crosswalk', 'decode', 'identities', 'reidentification']);
const KEY_PREFIXES = ['koppel', 'sleutel', 'pseudonym', 'codelijst', 'deelnemerslijst', 'identiteit'];

/**
 * Why a file name suggests a key file, or null.
 *
 * @example
 * keyNameReason('admin/koppeltabel_2024.xlsx'); // 'its name contains "koppeltabel"'
 * keyNameReason('sub-01_task-keypress_bold.json'); // null
 */
export function keyNameReason(relativePath: string): string | null {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  const word = headerWords(name).find((candidate) => KEY_WORDS.has(candidate) || KEY_PREFIXES.some((prefix) => candidate.startsWith(prefix)));
  return word === undefined ? null : `its name contains "${word}"`;
}

/** participants.tsv, sub-01_sessions.tsv, sub-01_ses-1_scans.tsv (and their .csv cousins). */
const BIDS_TABLE = /(^|\/)(participants|[^/]*_sessions|[^/]*_scans)\.(tsv|csv)$/i;

/**
 * A participant label in one form, so a folder's `sub-001` and a table's `001` meet.
 *
 * @example
 * participantKey('sub-001'); // '001'
 * participantKey('001');     // '001'
 */
export function participantKey(value: string): string {
  return value.trim().replace(/^sub-/i, '').toLowerCase();
}

/**
 * Why a table's content suggests a key file (it pairs participant ids with direct identifiers), or null.
 * A column counts as participant ids when its role says so, or when most of its values are `sub-*`
 * labels or subject labels of this dataset. BIDS's own tables (participants.tsv, sessions, scans)
 * are the data, not a key: their identifying columns are reported, and removed in the copy, as columns.
 *
 * @example
 * keyContentReason('admin/list.csv', table, roles, new Set(['001', '002']));
 * // 'it pairs participant ids ("pp") with names ("naam") and e-mail addresses ("email")'
 */
export function keyContentReason(file: string, table: Table, roles: readonly ColumnRole[], subjects: ReadonlySet<string>): string | null {
  if (BIDS_TABLE.test(file)) return null;
  const idColumn = table.header.findIndex((_, column) => {
    if (roles[column] === 'participant-id') return true;
    const values = table.rows.map((row) => row[column] ?? '').filter((value) => !isMissing(value));
    const ids = values.filter((value) => /^sub-/i.test(value.trim()) || subjects.has(participantKey(value)));
    return values.length > 0 && ids.length / values.length >= 0.5;
  });
  if (idColumn < 0) return null;
  const paired = table.header.flatMap((header, column) => {
    const role = roles[column] ?? 'other';
    return column !== idColumn && (DIRECT_IDENTIFIER_ROLES.has(role) || role === 'date-of-birth') ? [`${ROLE_CONTENTS[role]} ("${header}")`] : [];
  });
  if (paired.length === 0) return null;
  return `it pairs participant ids ("${table.header[idColumn]}") with ${paired.join(' and ')}`;
}

/**
 * The finding for a key candidate.
 *
 * @example
 * keyCandidateFinding({ file: 'admin/koppeltabel.csv', reasons: ['its name contains "koppeltabel"'] });
 */
export function keyCandidateFinding(candidate: KeyCandidate): Finding {
  return {
    rule: 'key.candidate',
    severity: 'blocking',
    file: candidate.file,
    field: null,
    excerpt: '',
    message: `This may be the pseudonymization key: ${candidate.reasons.join('; ')}. Keep it out of the copy; if it is the key, dispose of it.`,
  };
}
