/**
 * Tells a DCCN raw tree from a BIDS dataset from a plain folder of NIfTI files, by folder names
 * the walk already has (no extra I/O).
 */
import type { ScanLayout } from '../../api/contract.js';
import type { DatasetTree } from './walk-tree.js';

export interface LayoutChoice {
  layout: ScanLayout;
  /** The folder that holds the subjects, relative to the root: `raw` for a DCCN project folder, else ''. */
  dataRoot: string;
}

/** `[raw/]sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso`: a DCCN series folder. */
const DCCN_SERIES_DIR = /^(raw\/)?sub-[^/]+\/(ses-[^/]+\/)?\d+-[^/]+$/;
/** `sub-01/[ses-1/]anat`: a BIDS anatomical folder. */
const BIDS_ANAT_DIR = /^sub-[^/]+\/(ses-[^/]+\/)?anat$/;

/**
 * The layout of a walked tree, or the one the caller asked for, with the folder holding its subjects.
 * BIDS is recognised by `dataset_description.json` or a `sub-*[/ses-*]/anat` folder; DCCN by a series
 * folder `sub-*[/ses-*]/NNN-protocol`, below `raw/` (project folder) or at the root (`raw/` itself).
 *
 * @example
 * detectLayout(await walkTree('/project/3010000.01'), 'auto'); // {layout: 'dccn', dataRoot: 'raw'}
 * detectLayout(tree, 'flat');                                   // {layout: 'flat', dataRoot: ''}
 */
export function detectLayout(tree: Pick<DatasetTree, 'directories' | 'fileSet'>, requested: ScanLayout | 'auto'): LayoutChoice {
  const layout = requested === 'auto' ? guessLayout(tree) : requested;
  const dataRoot = layout === 'dccn' && tree.directories.includes('raw') ? 'raw' : '';
  return { layout, dataRoot };
}

function guessLayout(tree: Pick<DatasetTree, 'directories' | 'fileSet'>): ScanLayout {
  if (tree.fileSet.has('dataset_description.json')) return 'bids';
  if (tree.directories.some((dir) => DCCN_SERIES_DIR.test(dir))) return 'dccn';
  if (tree.directories.some((dir) => BIDS_ANAT_DIR.test(dir))) return 'bids';
  return 'flat';
}
