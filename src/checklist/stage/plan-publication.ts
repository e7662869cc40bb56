/**
 * What goes into the publication copy and how: the selection (checklist item 3) applied to a surveyed
 * dataset. By default the copy leaves out `sourcedata/`, DICOM files, key files and their candidates,
 * Veil's own records (self-checks, QC pictures) and defaced outputs as such — each defaced output takes
 * its original's place instead, so the copy has the layout of the source with faces removed.
 */
import type { ScannedImage } from '../../api/contract.js';
import { niftiExtension, VEIL_DERIVATIVES_DIR, withNiftiExtension } from '../../datasets/output-paths.js';
import { sidecarPathFor } from '../../engine/sidecar.js';
import { MANIFEST_NAME, type FolderSurvey } from '../check/survey-folder.js';
import type { FileKind } from '../detectors/file-kinds.js';
import type { ChecklistState } from '../state/checklist-state.js';

export type ExclusionReason = 'sourcedata' | 'dicom' | 'key-file' | 'veil-record' | 'defaced-output' | 'name-taken' | 'excluded-by-you';

/** How a file is written into the copy. */
export type FileAction = 'copy' | 'table' | 'sidecar' | 'nifti' | 'gzip' | 'text';

export interface PlannedFile {
  /** The file's place in the dataset, '/'-separated (its name in the copy before renaming). */
  path: string;
  /** Where its bytes come from, dataset-relative: `path` itself, a defaced output taking an original's place, or null for a file Veil writes (a defaced image's sidecar). */
  source: string | null;
  action: FileAction;
  /** Why it stays out of the copy; null when it goes in. */
  excluded: { reason: ExclusionReason; text: string } | null;
  /** For an original replaced by its defaced version, and for that image's sidecar: the self-check (dataset-relative). */
  defacedBy: { output: string; selfCheck: string } | null;
}

export interface PublicationPlan {
  files: PlannedFile[];
}

const EXCLUSION_TEXT: Readonly<Record<ExclusionReason, string>> = {
  sourcedata: 'sourcedata/ holds unconverted originals',
  dicom: 'DICOM headers hold names, ids, dates and the site',
  'key-file': 'it is (or may be) the pseudonymization key',
  'veil-record': "Veil's own record (self-check or QC picture); it stays with the source",
  'defaced-output': 'a defaced output: it goes into the copy in place of its original',
  'name-taken': "the copy's MANIFEST takes this name",
  'excluded-by-you': 'left out by you',
};

const ACTIONS: Partial<Record<FileKind, FileAction>> = { nifti: 'nifti', table: 'table', json: 'sidecar', gzip: 'gzip', text: 'text' };

/**
 * True when `file` is `entry` or lies below the folder `entry` (both dataset-relative).
 *
 * @example
 * isAtOrBelow('raw/sub-001/001-localizer/a.nii', 'raw/sub-001/001-localizer'); // true
 */
export function isAtOrBelow(file: string, entry: string): boolean {
  return file === entry || file.startsWith(`${entry.replace(/\/$/, '')}/`);
}

/**
 * The plan for every file of a surveyed dataset under the current selection.
 *
 * @example
 * const plan = planPublication(survey, state);
 * plan.files.filter((file) => file.excluded === null).map((file) => file.path);
 */
export function planPublication(survey: FolderSurvey, state: ChecklistState): PublicationPlan {
  const keyFiles = new Set(survey.keyCandidates.map((candidate) => candidate.file));
  if (state.key && state.key.status !== 'none') keyFiles.add(state.key.file);
  const defacedT1s = survey.scan.images.filter((image): image is ScannedImage & { output: string } => image.kind === 't1' && image.state === 'defaced' && image.output !== null);
  const substitutes = new Map(defacedT1s.map((image) => [image.path, image.output]));
  const outputs = new Set(defacedT1s.map((image) => image.output));
  const veilOutputs = new Set(survey.scan.images.filter((image) => image.kind === 'defaced-output' && /(^|\/)defaced_[^/]*$/i.test(image.path)).map((image) => image.path));
  const { excluded, included } = state.selection;

  const defaultExclusion = (file: string): ExclusionReason | null => {
    const kind = survey.kinds.get(file);
    if (file === MANIFEST_NAME) return 'name-taken';
    if (isAtOrBelow(file, 'sourcedata')) return 'sourcedata';
    if (kind === 'dicom') return 'dicom';
    if (keyFiles.has(file)) return 'key-file';
    if (file.endsWith('.veil.json') || kind === 'qc-picture') return 'veil-record';
    if (outputs.has(file) || veilOutputs.has(file) || isAtOrBelow(file, VEIL_DERIVATIVES_DIR)) return 'defaced-output';
    return null;
  };
  const exclusionOf = (file: string): PlannedFile['excluded'] => {
    if (excluded.some((entry) => isAtOrBelow(file, entry))) return { reason: 'excluded-by-you', text: EXCLUSION_TEXT['excluded-by-you'] };
    const reason = defaultExclusion(file);
    if (reason === null || (reason !== 'name-taken' && included.some((entry) => isAtOrBelow(file, entry)))) return null;
    return { reason, text: EXCLUSION_TEXT[reason] };
  };

  const files: PlannedFile[] = [];
  const sidecars = new Set(survey.files.filter((file) => survey.kinds.get(file) === 'json'));
  for (const file of survey.files) {
    const output = substitutes.get(file);
    const exclusion = exclusionOf(file);
    if (output === undefined || exclusion !== null) {
      files.push({ path: file, source: file, action: ACTIONS[survey.kinds.get(file) ?? 'unchecked'] ?? 'copy', excluded: exclusion, defacedBy: null });
      continue;
    }
    // The original's place, with the defaced output's bytes (and its .nii/.nii.gz form).
    const defacedBy = { output, selfCheck: sidecarPathFor(output) };
    const place = withNiftiExtension(file, niftiExtension(output) ?? '.nii.gz');
    files.push({ path: place, source: output, action: 'nifti', excluded: null, defacedBy });
    const sidecar = `${file.replace(/\.nii(\.gz)?$/i, '')}.json`;
    if (!sidecars.has(sidecar)) files.push({ path: sidecar, source: null, action: 'sidecar', excluded: null, defacedBy });
  }
  const sidecarOf = new Map(files.filter((entry) => entry.action === 'nifti' && entry.defacedBy).map((entry) => [`${entry.path.replace(/\.nii(\.gz)?$/i, '')}.json`, entry.defacedBy]));
  for (const entry of files) {
    if (entry.action === 'sidecar' && entry.source !== null && entry.excluded === null) entry.defacedBy = sidecarOf.get(entry.path) ?? null;
  }
  return { files };
}

/**
 * The files that go into the copy.
 *
 * @example
 * includedFiles(plan).length; // 1234
 */
export function includedFiles(plan: PublicationPlan): PlannedFile[] {
  return plan.files.filter((file) => file.excluded === null);
}
