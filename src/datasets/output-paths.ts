/**
 * Where Veil writes the defaced copy of an input, under each output convention. The scan looks for
 * outputs here and the batch runner writes them here, so both agree by construction.
 */
import path from 'node:path';

/**
 * `beside`: `defaced_<name>` next to the original (the DCCN tutorial's convention);
 * `derivatives`: `<root>/derivatives/veil/<input path>`; `out`: `<out root>/<input path>`.
 */
export type OutputConvention = 'beside' | 'derivatives' | 'out';

/** The file-name prefix of the tutorial's outputs (`fsl_deface raw.nii defaced_raw.nii`). */
export const DEFACED_PREFIX = 'defaced_';

/** Veil's folder under a dataset's `derivatives/`, as '/'-separated segments from the root. */
export const VEIL_DERIVATIVES_DIR = 'derivatives/veil';

export type NiftiExtension = '.nii' | '.nii.gz';

/** Where outputs go: the convention, and the out root when the convention is `out`. */
export type OutputTarget = { convention: 'beside' | 'derivatives' } | { convention: 'out'; outRoot: string };

const NIFTI_NAME = /\.nii(\.gz)?$/i;

/**
 * The NIfTI extension of a file name, or null when it is not a NIfTI.
 *
 * @example
 * niftiExtension('sub-01_T1w.nii.gz'); // '.nii.gz'
 * niftiExtension('notes.txt');         // null
 */
export function niftiExtension(name: string): NiftiExtension | null {
  const match = NIFTI_NAME.exec(name);
  if (!match) return null;
  return match[1] ? '.nii.gz' : '.nii';
}

/**
 * The file path with its NIfTI extension replaced (or added when it has none).
 *
 * @example
 * withNiftiExtension('/d/defaced_raw.nii', '.nii.gz'); // '/d/defaced_raw.nii.gz'
 */
export function withNiftiExtension(file: string, extension: NiftiExtension): string {
  return file.replace(NIFTI_NAME, '') + extension;
}

/**
 * The output path inside the dataset for the input at `relativePath`, both '/'-separated and
 * relative to the dataset root (string work only: the scan calls this for every T1).
 *
 * @example
 * datasetOutputPathFor('raw/sub-001/x.nii', 'beside');               // 'raw/sub-001/defaced_x.nii'
 * datasetOutputPathFor('raw/sub-001/x.nii', 'derivatives', '.nii.gz'); // 'derivatives/veil/raw/sub-001/x.nii.gz'
 */
export function datasetOutputPathFor(relativePath: string, convention: 'beside' | 'derivatives', extension?: NiftiExtension): string {
  const slash = relativePath.lastIndexOf('/');
  const output =
    convention === 'beside'
      ? `${relativePath.slice(0, slash + 1)}${DEFACED_PREFIX}${relativePath.slice(slash + 1)}`
      : `${VEIL_DERIVATIVES_DIR}/${relativePath}`;
  return extension ? withNiftiExtension(output, extension) : output;
}

/**
 * The absolute output path for the input at `relativePath` (from the dataset root), keeping the
 * input's extension unless another is asked for.
 *
 * @example
 * outputPathFor('/p', 'raw/sub-001/x.nii', { convention: 'beside' });      // '/p/raw/sub-001/defaced_x.nii'
 * outputPathFor('/p', 'raw/sub-001/x.nii', { convention: 'derivatives' }); // '/p/derivatives/veil/raw/sub-001/x.nii'
 * outputPathFor('/p', 'raw/sub-001/x.nii', { convention: 'out', outRoot: '/o' }, '.nii.gz'); // '/o/raw/sub-001/x.nii.gz'
 */
export function outputPathFor(datasetRoot: string, relativePath: string, target: OutputTarget, extension?: NiftiExtension): string {
  const output =
    target.convention === 'out'
      ? path.join(target.outRoot, ...relativePath.split('/'))
      : path.join(datasetRoot, ...datasetOutputPathFor(relativePath, target.convention).split('/'));
  return extension ? withNiftiExtension(output, extension) : output;
}
