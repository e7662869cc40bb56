/**
 * What a table column holds, from its header (English and Dutch words) and its values. The header is
 * trusted for what it says plainly (`email`, `geboortedatum`); the values decide when the header
 * says nothing (`contact` full of e-mail addresses) or when they contradict it.
 */
import { parseAge } from '../values/ages.js';
import { parseDateValue } from '../values/dates.js';
import { findIdentifiersInText, isValidBsn, type IdentifierKind } from '../values/identifiers.js';
import { looksLikePersonName } from '../values/person-names.js';

export type ColumnRole =
  | 'participant-id'
  | 'name'
  | 'email'
  | 'phone'
  | 'address'
  | 'national-id'
  | 'pool-id'
  | 'date-of-birth'
  | 'birth-year'
  | 'date'
  | 'age'
  | 'sex'
  | 'handedness'
  | 'group'
  | 'demographic'
  | 'free-text'
  | 'file-path'
  | 'other';

/**
 * What the columns of an identifying role hold, in words for people ("removed (e-mail addresses)").
 *
 * @example
 * ROLE_CONTENTS.email; // 'e-mail addresses'
 */
export const ROLE_CONTENTS: Partial<Readonly<Record<ColumnRole, string>>> = {
  name: 'names',
  email: 'e-mail addresses',
  phone: 'phone numbers',
  address: 'addresses',
  'national-id': 'national ids',
  'pool-id': 'participant-pool ids',
  'date-of-birth': 'dates of birth',
};

/** Roles that name or reach a person directly: removed from every copy. */
export const DIRECT_IDENTIFIER_ROLES: ReadonlySet<ColumnRole> = new Set(['name', 'email', 'phone', 'address', 'national-id', 'pool-id']);

/** Roles that are personal data when kept: each kept one needs a justification (data minimization). */
export const PERSONAL_DATA_ROLES: ReadonlySet<ColumnRole> = new Set([
  'date-of-birth', 'birth-year', 'date', 'age', 'sex', 'handedness', 'group', 'demographic', 'free-text',
]);

/** Header words per role (lower case, whole words, or the whole header written together). */
const HEADER_WORDS: ReadonlyArray<readonly [ColumnRole, readonly string[]]> = [
  ['email', ['email', 'mail', 'emailadres', 'emailaddress']],
  ['phone', ['phone', 'telephone', 'tel', 'mobile', 'gsm', 'telefoon', 'telefoonnummer', 'mobiel', 'cell', 'cellphone', 'phonenumber']],
  ['address', ['address', 'adres', 'street', 'straat', 'postcode', 'zip', 'zipcode', 'postal', 'city', 'woonplaats', 'residence', 'huisnummer', 'housenumber', 'woonadres']],
  ['national-id', ['bsn', 'ssn', 'sofi', 'sofinummer', 'burgerservicenummer', 'nationalid', 'socialsecurity', 'passport', 'paspoort', 'nhs']],
  ['pool-id', ['sona', 'sonaid', 'prolific', 'prolificid', 'mturk', 'workerid', 'worker', 'pool', 'panel', 'panelid']],
  ['name', ['name', 'naam', 'firstname', 'lastname', 'surname', 'voornaam', 'achternaam', 'initials', 'voorletters', 'fullname', 'roepnaam', 'familyname', 'givenname', 'patientname']],
  ['age', ['age', 'leeftijd', 'ageatscan', 'ageyears']],
  ['sex', ['sex', 'gender', 'geslacht']],
  ['handedness', ['handedness', 'hand', 'handed', 'laterality', 'lateralisation', 'handvoorkeur', 'ehi']],
  ['group', ['group', 'groep', 'diagnosis', 'diagnose', 'cohort', 'arm']],
  ['file-path', ['filename', 'file', 'path']],
  ['date', ['date', 'datum', 'visit', 'timestamp', 'datetime', 'acqtime', 'testdate', 'scandate']],
  ['free-text', ['comment', 'comments', 'note', 'notes', 'remark', 'remarks', 'opmerking', 'opmerkingen', 'description', 'toelichting', 'observation', 'observations', 'bijzonderheden', 'memo']],
  ['demographic', [
    'weight', 'height', 'bmi', 'education', 'opleiding', 'income', 'inkomen', 'ethnicity', 'race', 'nationality', 'nationaliteit', 'religion',
    'occupation', 'beroep', 'medication', 'medicatie', 'iq', 'language', 'taal', 'smoking', 'alcohol', 'country', 'land', 'marital', 'ses',
  ]],
];

/** Words that make a `name` header about something other than a person (`task_name`, `file_name`). */
const NOT_A_PERSON = new Set([
  'task', 'file', 'filename', 'stimulus', 'stim', 'condition', 'protocol', 'sequence', 'series', 'scanner', 'site', 'study', 'run', 'test',
  'questionnaire', 'session', 'trial', 'block', 'item', 'variable', 'dataset', 'software', 'device', 'station', 'institution', 'tool',
  'project', 'sample', 'image', 'event', 'column', 'level', 'group', 'label', 'roi', 'region', 'atlas', 'channel', 'electrode',
]);

const PARTICIPANT_ID_HEADERS = new Set([
  'participantid', 'participant', 'subject', 'subjectid', 'sub', 'subj', 'pp', 'ppn', 'ppnr', 'proefpersoon', 'id', 'recordid', 'deelnemer', 'deelnemerid', 'pseudonym', 'code',
]);

/**
 * The lower-case words of a header: split at non-letters and camelCase humps.
 *
 * @example
 * headerWords('ageAtScan');       // ['age', 'at', 'scan']
 * headerWords('Geboorte-datum');  // ['geboorte', 'datum']
 */
export function headerWords(header: string): string[] {
  return header
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\d]+/u)
    .filter(Boolean);
}

function roleFromHeader(header: string): ColumnRole | null {
  const words = headerWords(header);
  const joined = words.join('');
  if (PARTICIPANT_ID_HEADERS.has(joined)) return 'participant-id';
  if (words.some((word) => word === 'dob' || word.startsWith('birth') || word.startsWith('geboorte') || word === 'born' || word === 'geb')) {
    return words.some((word) => word.includes('year') || word.includes('jaar')) ? 'birth-year' : 'date-of-birth';
  }
  for (const [role, vocabulary] of HEADER_WORDS) {
    if (!vocabulary.includes(joined) && !words.some((word) => vocabulary.includes(word))) continue;
    if (role === 'name' && words.some((word) => NOT_A_PERSON.has(word))) continue;
    return role;
  }
  return null;
}

const VALUE_KINDS: ReadonlyArray<readonly [IdentifierKind, ColumnRole]> = [
  ['email', 'email'],
  ['phone', 'phone'],
  ['national-id', 'national-id'],
  ['pool-id', 'pool-id'],
];

/** The share of values for which `test` holds. */
function share(values: readonly string[], test: (value: string) => boolean): number {
  return values.length === 0 ? 0 : values.filter(test).length / values.length;
}

/** A value that is wholly one identifier of the given kind (a cell holding just an e-mail address). */
function isWhole(value: string, kind: IdentifierKind): boolean {
  const trimmed = value.trim();
  if (kind === 'national-id' && isValidBsn(trimmed)) return true;
  const [match] = findIdentifiersInText(trimmed);
  return match !== undefined && match.kind === kind && match.start === 0 && match.end === trimmed.length;
}

/**
 * True for values that say nothing: BIDS's `n/a`, empty cells, Excel's `NA`/`NaN`.
 *
 * @example
 * isMissing('n/a'); // true
 * isMissing('34');  // false
 */
export function isMissing(value: string): boolean {
  return /^(|n\/a|na|nan|null|none|-|\.)$/i.test(value.trim());
}

/**
 * The role of a column from its header and values. Value shapes that identify a person directly
 * (most cells an e-mail address, phone, BSN, pool id; or distinct person-shaped names under a header
 * that says nothing) win over the header; otherwise the header decides, then the values' kind.
 *
 * @example
 * classifyColumn('participant_id', ['sub-01', 'sub-02']); // 'participant-id'
 * classifyColumn('contact', ['a@b.nl', 'c@d.nl']);        // 'email'
 * classifyColumn('geboortedatum', ['01-02-1990']);        // 'date-of-birth'
 * classifyColumn('visit', ['44259', '44260']);            // 'date'
 */
export function classifyColumn(header: string, values: readonly string[]): ColumnRole {
  const present = values.filter((value) => !isMissing(value));
  for (const [kind, role] of VALUE_KINDS) {
    if (present.length > 0 && share(present, (value) => isWhole(value, kind)) >= 0.5) return role;
  }
  const fromHeader = roleFromHeader(header);
  // A "participant" column that holds names is a name column, whatever its header says.
  if (fromHeader === 'participant-id' && present.length > 0 && share(present, looksLikePersonName) >= 0.5) return 'name';
  if (fromHeader === 'date-of-birth' && present.length > 0 && present.every((value) => /^\d{4}$/.test(value.trim()))) return 'birth-year';
  if (fromHeader === 'age' && present.length > 0 && share(present, (value) => parseAge(value) !== null) < 0.5) return 'other';
  if (fromHeader !== null) return fromHeader;
  if (present.length === 0) return 'other';
  const distinct = new Set(present).size / present.length;
  if (distinct >= 0.5 && share(present, looksLikePersonName) >= 0.5) return 'name';
  if (share(present, (value) => parseDateValue(value) !== null) >= 0.6) return 'date';
  const averageLength = present.reduce((sum, value) => sum + value.length, 0) / present.length;
  if (averageLength > 40 && share(present, (value) => /\s\S+\s/.test(value)) >= 0.5) return 'free-text';
  return 'other';
}
