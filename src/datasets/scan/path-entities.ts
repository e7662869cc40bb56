/**
 * Subject, session and series of an image, read from its path the same way in every layout:
 * BIDS entities in the file name first, then `sub-*` / `ses-*` folders; the series is the DCCN series
 * folder (`002-t1_mprage_sag_ipat2_1p0iso`) or the BIDS datatype folder (`anat`).
 */

export interface PathEntities {
  subject: string | null;
  session: string | null;
  series: string | null;
  seriesNumber: number | null;
}

/** The BIDS datatype folders (BIDS 1.10). */
export const BIDS_DATATYPES: ReadonlySet<string> = new Set([
  'anat', 'func', 'dwi', 'fmap', 'perf', 'pet', 'meg', 'eeg', 'ieeg', 'beh', 'micr', 'nirs', 'motion',
]);

/** `002-t1_mprage_sag_ipat2_1p0iso` → number 2, protocol `t1_mprage_sag_ipat2_1p0iso`. */
const DCCN_SERIES = /^(\d+)-(.+)$/;

/**
 * Parses a DCCN series folder name, or returns null when the name is not one.
 *
 * @example
 * parseSeriesFolder('002-t1_mprage_sag_ipat2_1p0iso'); // {number: 2, protocol: 't1_mprage_sag_ipat2_1p0iso'}
 * parseSeriesFolder('anat');                           // null
 */
export function parseSeriesFolder(name: string): { number: number; protocol: string } | null {
  const match = DCCN_SERIES.exec(name);
  return match?.[1] && match[2] ? { number: Number(match[1]), protocol: match[2] } : null;
}

/**
 * The entities of the image at a '/'-separated path.
 *
 * @example
 * parseImagePath('raw/sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso/00001_1.3.12….nii');
 * // {subject: 'sub-001', session: 'ses-mri01', series: '002-t1_mprage_sag_ipat2_1p0iso', seriesNumber: 2}
 * parseImagePath('sub-01/ses-2/anat/sub-01_ses-2_T1w.nii.gz');
 * // {subject: 'sub-01', session: 'ses-2', series: 'anat', seriesNumber: null}
 */
export function parseImagePath(relativePath: string): PathEntities {
  const segments = relativePath.split('/');
  const name = segments.pop() ?? '';
  const folders = segments;
  const parent = folders.at(-1) ?? '';
  const series = parseSeriesFolder(parent);
  return {
    subject: entityInName(name, 'sub') ?? folders.find((folder) => folder.startsWith('sub-')) ?? null,
    session: entityInName(name, 'ses') ?? folders.find((folder) => folder.startsWith('ses-')) ?? null,
    series: series || BIDS_DATATYPES.has(parent) ? parent : null,
    seriesNumber: series?.number ?? null,
  };
}

/** A BIDS key-value entity at the start of a name or after `_`, e.g. `sub-01` in `sub-01_T1w.nii`. */
const NAME_ENTITY = { sub: /(?:^|_)(sub-[A-Za-z0-9]+)(?=[_.])/, ses: /(?:^|_)(ses-[A-Za-z0-9]+)(?=[_.])/ };

function entityInName(name: string, key: 'sub' | 'ses'): string | null {
  return NAME_ENTITY[key].exec(name)?.[1] ?? null;
}
