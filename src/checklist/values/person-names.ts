/**
 * People's names, without a language model: whole values shaped like a name (`Jan de Vries`,
 * `J.M. van der Berg`, DICOM's `Vries^Jan`), and names inside free text found by what usually comes
 * with them — a title (`Dr.`, `Mevr.`), a common first name followed by a surname — or because the
 * dataset itself lists them elsewhere (a name column, the key file). The last is the strong one:
 * the names that matter most are the participants' own.
 */

/** Dutch, German, French and Spanish surname particles, written in lower case inside a name. */
const PARTICLES = new Set(['van', 'de', 'der', 'den', 'het', "'t", 'ter', 'ten', 'te', 'in', 'op', 'von', 'zu', 'la', 'le', 'du', 'da', 'di', 'del', 'dos', 'y']);

/**
 * Common first names in the Netherlands, Germany and the English-speaking world (a few hundred).
 * They are used only before a capitalised word, so `Mark` alone or `will` in a sentence is never a name.
 */
const FIRST_NAMES = new Set(
  (
    'aaron abdel adam adriaan adrian agnes ahmed aisha alex alexander alexandra alice alicia amanda amber amir amy ana andrea andreas ' +
    'andrew angela anika anita ann anna anne anneke annemarie anouk anthony anton arjen arthur astrid barbara bart bas bastiaan ' +
    'ben benjamin bernard bert bettina bianca bram brenda brian britt carla carlos carmen caroline catherine charles charlotte chloe ' +
    'chris christian christina christine christopher claire claudia corinne cornelis daan daniel daniela danielle david debora ' +
    'dennis derk diana dick dirk dominique edwin eline elisabeth elizabeth ellen els emily emma eric erik esther eva evelien ' +
    'fabian fatima fenna finn fleur floor frank frans frederik gerard gerrit gert gijs hans hanna hannah harm hendrik henk henri ' +
    'hugo ilse ingrid irene iris isabel isabella jaap jacob jacqueline james jan jana jane janneke jasper jennifer jeroen jessica ' +
    'jesse joan johan johanna john jonas joost jordi joris jos jose joseph josephine judith julia julian juliette justin kai ' +
    'karel karin karen kate katharina katrin kees kevin kim klaas koen laura lars laurens lea lena leo lieke linda lisa lotte ' +
    'louise lucas lucy luis luuk maarten mandy manon marc marcel margaret maria marianne marie marieke mark marloes martijn ' +
    'martin mary matthew max maxime melissa merel michael michel michelle mohamed mohammed monique nadia natalie nick niels ' +
    'nienke noa noah nora olivia oscar patricia patrick paul pauline peter petra philip piet pieter pim priya rachel ralph ramon ' +
    'rebecca remco richard rick rik rob robert robin roel roos rosa ruben ruud ryan sam samantha sander sandra sanne sara sarah ' +
    'sebastian simon sofia sophie stefan stephanie steven susan suzanne sven thijs thomas tim tom tomas ton vera victor ' +
    'vincent wendy willem william wim wouter yara yusuf yvonne zoe'
  ).split(/\s+/),
);

/** Titles: capitalised with or without a dot (`Dr`, `Mevr.`), lower case only with one (`mevr.`, not the unit `ms`). */
const TITLE_WORDS = ['Dr', 'Drs', 'Prof', 'Ir', 'Mr', 'Mrs', 'Ms', 'Miss', 'Mevr', 'Mevrouw', 'Dhr', 'Meneer', 'Mw'];
const TITLES = `(?:(?:${TITLE_WORDS.join('|')})\\.?|(?:${TITLE_WORDS.map((title) => title.toLowerCase()).join('|')})\\.)`;
const CAPITALISED = "\\p{Lu}[\\p{Ll}'’-]+";
const INITIALS = '(?:\\p{Lu}\\.){1,4}';
const PARTICLE = `(?:${[...PARTICLES].join('|')})`;
/** One surname, possibly after particles: `de Vries`, `van der Berg`, `Berg`. */
const SURNAME = `(?:${PARTICLE}\\s+){0,3}${CAPITALISED}`;

const TITLED = new RegExp(`(?<![\\p{L}])${TITLES}\\s+(?:${INITIALS}\\s*)?(?:${CAPITALISED}\\s+)?${SURNAME}`, 'gu');
const FIRST_THEN_SURNAME = new RegExp(`(?<![\\p{L}])(${CAPITALISED})\\s+${SURNAME}(?![\\p{L}])`, 'gu');
const WHOLE_CAPITALISED = new RegExp(`^${CAPITALISED}$`, 'u');
const WHOLE_INITIALS = new RegExp(`^${INITIALS}$`, 'u');
const SINGLE_NAME = new RegExp(`^(?:${PARTICLE}\\s+){0,3}${CAPITALISED}$`, 'u');
const DICOM_PERSON_NAME = /(?<![\p{L}])\p{Lu}\p{Ll}+\^\p{Lu}\p{Ll}+(?:\^[\p{L}]*)*/gu;

export interface NameMatch {
  start: number;
  end: number;
  value: string;
}

/**
 * True when a whole value is shaped like a person's name: two to six words, each capitalised, an
 * initial or a surname particle, with at least two capitalised ones (or initials and a surname);
 * or a DICOM person name `Family^Given`.
 *
 * @example
 * looksLikePersonName('Jan de Vries');        // true
 * looksLikePersonName('J.M. van der Berg');   // true
 * looksLikePersonName('Vries^Jan');           // true
 * looksLikePersonName('control');             // false
 * looksLikePersonName('Right Handed');        // true (shape only: callers use it with a column header)
 */
export function looksLikePersonName(value: string): boolean {
  const trimmed = value.trim();
  if (/^\p{Lu}\p{Ll}+\^\p{Lu}\p{Ll}+(\^.*)?$/u.test(trimmed)) return true;
  const words = trimmed.split(/\s+/);
  if (words.length < 2 || words.length > 6) return false;
  let capitalised = 0;
  let initials = false;
  for (const word of words) {
    if (WHOLE_CAPITALISED.test(word)) capitalised++;
    else if (WHOLE_INITIALS.test(word)) initials = true;
    else if (!PARTICLES.has(word)) return false;
  }
  return capitalised >= 2 || (initials && capitalised >= 1);
}

/**
 * True for one capitalised word, as first-name or surname columns hold (`Jan`, `Vries`, `O'Brien`).
 *
 * @example
 * looksLikeSingleName('Jan'); // true
 * looksLikeSingleName('42');  // false
 */
export function looksLikeSingleName(value: string): boolean {
  return SINGLE_NAME.test(value.trim());
}

/**
 * Names inside free text: after a title, a known first name followed by a surname, a DICOM person
 * name, or any of `knownNames` (whole names, and their capitalised parts of four letters or more).
 *
 * @example
 * findNamesInText('Scan stopped by Dr. K. Jansen; Jan de Vries felt dizzy.', new Set());
 * // [{value: 'Dr. K. Jansen', …}, {value: 'Jan de Vries', …}]
 * findNamesInText('Says Bakker drove her', new Set(['Piet Bakker'])); // [{value: 'Bakker', …}]
 */
export function findNamesInText(text: string, knownNames: ReadonlySet<string>): NameMatch[] {
  const found: NameMatch[] = [];
  const add = (start: number, value: string) => {
    const end = start + value.length;
    if (!found.some((other) => start < other.end && other.start < end)) found.push({ start, end, value });
  };
  for (const match of text.matchAll(TITLED)) add(match.index, match[0]);
  for (const match of text.matchAll(DICOM_PERSON_NAME)) add(match.index, match[0]);
  for (const match of text.matchAll(FIRST_THEN_SURNAME)) {
    if (FIRST_NAMES.has((match[1] ?? '').toLowerCase())) add(match.index, match[0]);
  }
  const known = knownNamesPattern(knownNames);
  if (known) for (const match of text.matchAll(known)) add(match.index, match[0]);
  return found.sort((a, b) => a.start - b.start);
}

/**
 * One pattern for all known names, built once per set: free text is searched for every participant's
 * name in every cell and sidecar value, and a pattern per name per value would cost quadratic time.
 */
const knownPatterns = new WeakMap<ReadonlySet<string>, RegExp | null>();

function knownNamesPattern(knownNames: ReadonlySet<string>): RegExp | null {
  if (!knownPatterns.has(knownNames)) {
    const parts = knownNameParts(knownNames);
    knownPatterns.set(knownNames, parts.length ? new RegExp(`(?<![\\p{L}])(?:${parts.map(escapeRegExp).join('|')})(?![\\p{L}])`, 'gu') : null);
  }
  return knownPatterns.get(knownNames) ?? null;
}

/** Whole known names first (longest first), then their parts that are distinctive enough to search for alone. */
function knownNameParts(knownNames: ReadonlySet<string>): string[] {
  const parts = new Set<string>();
  for (const name of knownNames) {
    const whole = name.trim().replace(/\^/g, ' ');
    if (whole.length >= 3) parts.add(whole);
    for (const word of whole.split(/\s+/)) {
      if (word.length >= 4 && !PARTICLES.has(word.toLowerCase()) && /^\p{Lu}/u.test(word)) parts.add(word);
    }
  }
  return [...parts].sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
