/**
 * What an image is, from its names alone (headers are read later, never during a scan): the BIDS
 * datatype folder and suffix, the DCCN series protocol, or, in a plain folder, the file name.
 */
import type { ImageKind, ImageLocation } from '../../api/contract.js';
import { DEFACED_PREFIX, VEIL_DERIVATIVES_DIR } from '../output-paths.js';
import { BIDS_DATATYPES, parseSeriesFolder } from './path-entities.js';
import type { LayoutChoice } from './detect-layout.js';

/**
 * Rules on a protocol or file name, in order; the first that matches decides. Checked against the
 * lower-cased name; `(?<![a-z])` keeps a token from matching inside a word ("pd" in "updated").
 * Localizers and diffusion come first because their names often also say `ep2d` or `t1`.
 */
const NAME_RULES: ReadonlyArray<readonly [RegExp, ImageKind]> = [
  [/localizer|localiser|scout/, 'other'],
  [/(?<![a-z])(dti|dwi|diff)/, 'diffusion'],
  [/fmri|bold|ep2d|field_?map|fmap/, 'functional'],
  // MP2RAGE writes INV1, INV2, T1 map and UNI images; only UNI looks like a T1-weighted image.
  [/mp2rage.*(?<![a-z])uni(?![a-z])|(?<![a-z])unit1(?![a-z])/, 't1'],
  [/mp2rage/, 'anatomical'],
  [/(?<![a-z0-9])t1(?![0-9])|mprage/, 't1'],
  [/(?<![a-z0-9])(t2|pd|swi|tof)|flair|angio|inplanet/, 'anatomical'],
];

/**
 * The kind a DCCN protocol or a file name stands for.
 *
 * @example
 * kindFromName('t1_mprage_sag_ipat2_1p0iso'); // 't1'
 * kindFromName('MP2RAGE_UNI');                // 't1'
 * kindFromName('ep2d_diff_mddw_64');          // 'diffusion'
 * kindFromName('localizer_32ch');             // 'other'
 */
export function kindFromName(name: string): ImageKind {
  const lower = name.toLowerCase();
  return NAME_RULES.find(([pattern]) => pattern.test(lower))?.[1] ?? 'other';
}

/**
 * The kind of a file in a BIDS datatype folder: `anat` by its suffix (`T1w`, or MP2RAGE's `UNIT1`,
 * is a T1), `func` and `fmap` functional, `dwi` diffusion, the rest other.
 *
 * @example
 * kindFromBids('anat', 'sub-01_ses-1_T1w'); // 't1'
 * kindFromBids('anat', 'sub-01_FLAIR');     // 'anatomical'
 * kindFromBids('fmap', 'sub-01_phasediff'); // 'functional'
 */
export function kindFromBids(datatype: string, stem: string): ImageKind {
  switch (datatype) {
    case 'anat': {
      const suffix = stem.slice(stem.lastIndexOf('_') + 1);
      return suffix === 'T1w' || suffix === 'UNIT1' ? 't1' : 'anatomical';
    }
    case 'func':
    case 'fmap':
      return 'functional';
    case 'dwi':
      return 'diffusion';
    default:
      return 'other';
  }
}

/**
 * Where an image sits: `derivatives/` and `sourcedata/` at the root are theirs; in a DCCN project
 * folder only `raw/` holds the data; everything else is primary.
 *
 * @example
 * locationOf('derivatives/fmriprep/sub-01/anat/x.nii.gz', { layout: 'bids', dataRoot: '' }); // 'derivatives'
 * locationOf('processed/sub-001/x.nii', { layout: 'dccn', dataRoot: 'raw' });                // 'other'
 */
export function locationOf(relativePath: string, choice: LayoutChoice): ImageLocation {
  const slash = relativePath.indexOf('/');
  const first = slash < 0 ? '' : relativePath.slice(0, slash);
  if (first === 'derivatives') return 'derivatives';
  if (first === 'sourcedata') return 'sourcedata';
  if (choice.dataRoot && first !== choice.dataRoot) return 'other';
  if (choice.layout === 'bids' && !first.startsWith('sub-')) return 'other';
  return 'primary';
}

/**
 * The kind of the image at a path, from names only. Outputs are recognised by the tutorial's
 * `defaced_` prefix and by `derivatives/veil/`; a T1 outside the primary data (derivatives,
 * sourcedata) counts as `anatomical`: listed and defaceable on request, never taken by default.
 * The checks that need a file read (a Veil sidecar, a BIDS `DeidentificationMethod`) come after.
 *
 * @example
 * classifyByName('raw/sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso/00001_1.nii', 'primary'); // 't1'
 * classifyByName('raw/sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso/defaced_00001_1.nii', 'primary'); // 'defaced-output'
 */
export function classifyByName(relativePath: string, location: ImageLocation): ImageKind {
  const slash = relativePath.lastIndexOf('/');
  const name = relativePath.slice(slash + 1);
  if (name.toLowerCase().startsWith(DEFACED_PREFIX) || relativePath.startsWith(`${VEIL_DERIVATIVES_DIR}/`)) return 'defaced-output';
  const parent = relativePath.slice(relativePath.lastIndexOf('/', slash - 1) + 1, Math.max(slash, 0));
  const stem = name.replace(/\.nii(\.gz)?$/i, '');
  const series = parseSeriesFolder(parent);
  const kind = series ? kindFromName(series.protocol) : BIDS_DATATYPES.has(parent) ? kindFromBids(parent, stem) : kindFromName(stem);
  return kind === 't1' && location !== 'primary' ? 'anatomical' : kind;
}
