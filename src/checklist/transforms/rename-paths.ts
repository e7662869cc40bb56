/**
 * New names for files and folders whose names hold a DICOM UID or a date, in the copy only (the
 * mapping is returned to the caller and never written into the copy). A UID or date is cut out with
 * the separator before it (`00001_1.3.12….nii` → `00001.nii`); where it is a BIDS entity's value or
 * the whole name it becomes a number in chronological order (`ses-20210304` → `ses-1`); names that
 * would then collide get `_2`, `_3`. A file and its sidecar (same stem) always get the same new stem.
 */
import { nameHits } from '../detectors/name-findings.js';

/** Extensions Veil knows, longest first, so `x.nii.gz` splits as `x` + `.nii.gz`. */
const EXTENSION = /(\.(nii|tsv|csv|json|txt)\.gz|\.[A-Za-z][A-Za-z0-9]{0,4})$/;

/** `00001_1.3.12.2.1107.5.2.19.45416.2025010112000011.nii` → stem `00001_1.3.…11`, extension `.nii`. */
function splitExtension(name: string, isFile: boolean): { stem: string; extension: string } {
  const match = isFile ? EXTENSION.exec(name) : null;
  return match ? { stem: name.slice(0, match.index), extension: match[0] } : { stem: name, extension: '' };
}

/** `#` marks where a number goes when nothing else names the entry. */
const NUMBER_SLOT = '#';
const SEPARATOR = /[_.\s]/;
/** A BIDS-style entity key right before a hit: `ses-` in `sub-01_ses-20210304`. */
const ENTITY_KEY = /(?:^|[_/])([A-Za-z]+)-$/;

/** The number an entity's UID or date value becomes (`ses` `20210304` → 1), or null to cut the value out. */
export type EntityNumbering = (key: string, value: string) => number | null;

/**
 * The stem with its UIDs and dates cut out, or null when it holds none (it keeps its name). An
 * entity's value becomes its number from `entityNumber`; a stem that would be left empty becomes the
 * number slot `#`.
 *
 * @example
 * stemTemplate('00001_1.3.12.2.1107.5.2.19.45416.2025010112000011', () => null); // '00001'
 * stemTemplate('ses-20210304', () => 1);                                        // 'ses-1'
 * stemTemplate('sub-01_T1w', () => null);                                       // null
 */
export function stemTemplate(stem: string, entityNumber: EntityNumbering): string | null {
  const hits = nameHits(stem);
  if (hits.length === 0) return null;
  let template = '';
  let position = 0;
  for (const hit of hits) {
    let before = stem.slice(position, hit.start);
    position = hit.end;
    const key = ENTITY_KEY.exec(template + before)?.[1];
    const number = key === undefined ? null : entityNumber(key, hit.value);
    if (number !== null) before += String(number);
    else if (SEPARATOR.test(before.at(-1) ?? '')) before = before.slice(0, -1);
    else if (SEPARATOR.test(stem[position] ?? '')) position++;
    template += before;
  }
  template += stem.slice(position);
  const cleaned = template.replace(/^[_.\s-]+|[_.\s-]+$/g, '');
  return cleaned === '' ? NUMBER_SLOT : cleaned;
}

interface Sibling {
  name: string;
  isFile: boolean;
}

/**
 * New names for the entries of one folder (names without a UID or date stay; the rest become their
 * template with numbers filled in and collisions resolved). Only changed names are in the result.
 *
 * @example
 * renameSiblings([{ name: 'a_20210304.json', isFile: true }, { name: 'a_20210304.nii', isFile: true }], () => null);
 * // Map {'a_20210304.json' => 'a.json', 'a_20210304.nii' => 'a.nii'}
 */
export function renameSiblings(siblings: readonly Sibling[], entityNumber: EntityNumbering = () => null): Map<string, string> {
  const taken = new Set<string>();
  const stemsByTemplate = new Map<string, Set<string>>();
  const templateOf = new Map<string, string>();
  for (const { name, isFile } of siblings) {
    const { stem } = splitExtension(name, isFile);
    const template = stemTemplate(stem, entityNumber);
    if (template === null) {
      taken.add(stem);
      continue;
    }
    templateOf.set(stem, template);
    stemsByTemplate.set(template, (stemsByTemplate.get(template) ?? new Set()).add(stem));
  }
  const newStem = new Map<string, string>();
  const collator = new Intl.Collator('en', { numeric: true });
  for (const [template, stems] of stemsByTemplate) {
    const ordered = [...stems].sort(collator.compare);
    let counter = 0;
    for (const stem of ordered) {
      let candidate: string;
      do {
        counter++;
        candidate = template.includes(NUMBER_SLOT)
          ? template.replace(NUMBER_SLOT, String(counter))
          : counter === 1 && ordered.length === 1
            ? template
            : `${template}_${counter}`;
      } while (taken.has(candidate));
      taken.add(candidate);
      newStem.set(stem, candidate);
    }
  }
  const renames = new Map<string, string>();
  for (const { name, isFile } of siblings) {
    const { stem, extension } = splitExtension(name, isFile);
    const replacement = newStem.get(stem);
    if (replacement !== undefined) renames.set(name, replacement + extension);
  }
  return renames;
}

export interface RenamePlan {
  /** The new path of every file given (unchanged ones map to themselves). */
  files: Map<string, string>;
  /** The new path of every folder that holds one of the files. */
  folders: Map<string, string>;
}

/** The participant a path is about (`sub-01` in a folder or a file name), the scope of its entity numbers. */
const SUBJECT = /(?:^|[/_])(sub-[A-Za-z0-9]+)/;

/**
 * Numbers for entity values that are UIDs or dates, in chronological (sorted) order per participant and
 * entity: `sub-01`'s sessions `ses-20210304` and `ses-20210510` become 1 and 2 in its folder names and
 * file names alike, as BIDS requires.
 */
function entityNumbering(paths: readonly string[]): (path: string) => EntityNumbering {
  const values = new Map<string, Set<string>>();
  for (const file of paths) {
    const scope = SUBJECT.exec(file)?.[1] ?? '';
    for (const segment of file.split('/')) {
      for (const hit of nameHits(segment)) {
        const key = ENTITY_KEY.exec(segment.slice(0, hit.start))?.[1];
        if (key !== undefined) values.set(`${scope}/${key}`, (values.get(`${scope}/${key}`) ?? new Set()).add(hit.value));
      }
    }
  }
  const numbers = new Map<string, number>();
  for (const [scopeKey, set] of values) [...set].sort().forEach((value, index) => numbers.set(`${scopeKey}/${value}`, index + 1));
  return (file) => {
    const scope = SUBJECT.exec(file)?.[1] ?? '';
    return (key, value) => numbers.get(`${scope}/${key}/${value}`) ?? null;
  };
}

/**
 * The new path of every given file ('/'-separated, relative): folders first, level by level, then
 * file names within each (renamed) folder.
 *
 * @example
 * planRenames(['raw/sub-001/ses-mri01/002-t1/00001_1.3.12.2.1107.5.2.19.45416.2025010112000011.nii']).files;
 * // Map {'raw/…/00001_1.3.12….nii' => 'raw/sub-001/ses-mri01/002-t1/00001.nii'}
 */
export function planRenames(paths: readonly string[]): RenamePlan {
  const numberingFor = entityNumbering(paths);
  const folders = new Map<string, string>([['', '']]);
  const childrenOf = new Map<string, Map<string, boolean>>();
  for (const file of paths) {
    const segments = file.split('/');
    segments.forEach((segment, index) => {
      const parent = segments.slice(0, index).join('/');
      const children = childrenOf.get(parent) ?? new Map<string, boolean>();
      children.set(segment, (children.get(segment) ?? false) || index === segments.length - 1);
      childrenOf.set(parent, children);
    });
  }
  const files = new Map<string, string>();
  const visit = (parent: string) => {
    const siblings = [...(childrenOf.get(parent) ?? [])].map(([name, isFile]) => ({ name, isFile }));
    const renames = renameSiblingsIn(parent, siblings, numberingFor);
    const newParent = folders.get(parent) ?? parent;
    for (const { name, isFile } of siblings) {
      const original = parent ? `${parent}/${name}` : name;
      const renamed = (newParent ? `${newParent}/` : '') + (renames.get(name) ?? name);
      if (isFile) files.set(original, renamed);
      else {
        folders.set(original, renamed);
        visit(original);
      }
    }
  };
  visit('');
  folders.delete('');
  return { files, folders };
}

/** Siblings are numbered with the scope of their own paths (a folder `ses-…` inside `sub-01`). */
function renameSiblingsIn(parent: string, siblings: readonly Sibling[], numberingFor: (path: string) => EntityNumbering): Map<string, string> {
  return renameSiblings(siblings, (key, value) => {
    const holder = siblings.find(({ name }) => name.includes(value));
    return numberingFor(parent ? `${parent}/${holder?.name ?? ''}` : (holder?.name ?? ''))(key, value);
  });
}

/**
 * A function that rewrites a reference to a renamed file or folder inside a table cell or a JSON value
 * (BIDS `IntendedFor`, scans.tsv `filename`, sessions.tsv `session_id`), written relative to the dataset (`bids::sub-01/…` or plain),
 * to the referring file's folder, or to its subject folder; null when the value names no renamed file.
 *
 * @example
 * const rewrite = referenceRewriter(plan, 'sub-01/ses-20210304/sub-01_ses-20210304_scans.tsv');
 * rewrite('anat/sub-01_ses-20210304_T1w.nii.gz'); // 'anat/sub-01_ses-1_T1w.nii.gz'
 * referenceRewriter(plan, 'sub-01/sub-01_sessions.tsv')('ses-20210304'); // 'ses-1'
 */
export function referenceRewriter(plan: RenamePlan, referringFile: string): (value: string) => string | null {
  const segments = referringFile.split('/');
  const folder = segments.slice(0, -1).join('/');
  const subjectIndex = segments.findIndex((segment) => segment.startsWith('sub-'));
  const bases = ['', folder, ...(subjectIndex >= 0 && subjectIndex < segments.length - 1 ? [segments.slice(0, subjectIndex + 1).join('/')] : [])];
  return (value) => {
    if (value.length === 0 || value.length > 1024) return null;
    const uri = value.startsWith('bids::') ? 'bids::' : '';
    const relative = value.slice(uri.length).replace(/\/$/, '');
    for (const base of uri ? [''] : bases) {
      const full = base ? `${base}/${relative}` : relative;
      const renamed = plan.files.get(full) ?? plan.folders.get(full);
      if (renamed === undefined || renamed === full) continue;
      const newBase = base ? (plan.folders.get(base) ?? base) : '';
      return uri + (newBase ? renamed.slice(newBase.length + 1) : renamed);
    }
    return null;
  };
}
