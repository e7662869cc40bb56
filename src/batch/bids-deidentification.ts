/**
 * BIDS metadata for defaced outputs in `derivatives/veil/`: the derivative's dataset_description.json
 * and, per image, a JSON sidecar with BIDS 1.10's `DeidentificationMethod` and
 * `DeidentificationMethodCodeSequence` (DICOM CID 7050 codes), so any BIDS tool can tell the image was
 * defaced, how, and by what. Nothing from the original's sidecar is copied: it may hold identifiers
 * (metadata scrubbing is the checklist's job).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SelfCheck } from '../api/deface.js';
import { VEIL_VERSION } from '../paths.js';

/** DICOM PS3.16 CID 7050 "De-identification Method": the option that covers removing faces. */
const CLEAN_RECOGNIZABLE_VISUAL_FEATURES = {
  CodeValue: '113102',
  CodingSchemeDesignator: 'DCM',
  CodeMeaning: 'Clean Recognizable Visual Features Option',
};

/**
 * The BIDS JSON sidecar content for one defaced image.
 *
 * @example
 * deidentificationSidecar(selfCheck).DeidentificationMethod; // ['Veil 0.1.0 veil-native: face removed, ears removed']
 */
export function deidentificationSidecar(check: SelfCheck): Record<string, unknown> {
  const removed = ['face removed', ...(check.parameters.removeEars ? ['ears removed'] : []), ...(check.parameters.removeNeck ? ['neck removed'] : [])];
  return {
    DeidentificationMethod: [`Veil ${VEIL_VERSION} ${check.engine.name} ${check.engine.version}: ${removed.join(', ')} (margin ${check.parameters.marginMm} mm)`],
    DeidentificationMethodCodeSequence: [
      CLEAN_RECOGNIZABLE_VISUAL_FEATURES,
      {
        CodeValue: check.parameters.removeEars ? 'remove_face_ears' : 'remove_face',
        CodingSchemeDesignator: 'veil',
        CodingSchemeVersion: VEIL_VERSION,
        CodeMeaning: check.parameters.removeEars ? 'Remove face and ears' : 'Remove face',
      },
    ],
  };
}

/**
 * Writes `<output without .nii/.nii.gz>.json` beside a defaced output in derivatives.
 *
 * @example
 * await writeDeidentificationSidecar('/ds/derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz', check);
 */
export async function writeDeidentificationSidecar(output: string, check: SelfCheck): Promise<string> {
  const file = output.replace(/\.nii(\.gz)?$/i, '') + '.json';
  await writeFile(file, `${JSON.stringify(deidentificationSidecar(check), null, 2)}\n`);
  return file;
}

/**
 * Creates `dataset_description.json` of the derivative dataset if it has none (BIDS requires one).
 *
 * @example
 * await ensureDerivativeDescription('/ds/derivatives/veil');
 */
export async function ensureDerivativeDescription(derivativeRoot: string): Promise<void> {
  const file = path.join(derivativeRoot, 'dataset_description.json');
  if (existsSync(file)) return;
  await mkdir(derivativeRoot, { recursive: true });
  const description = {
    Name: 'Defaced images (Veil)',
    BIDSVersion: '1.10.0',
    DatasetType: 'derivative',
    GeneratedBy: [{ Name: 'Veil', Version: VEIL_VERSION, Description: 'Face and ear removal with self-check' }],
  };
  await writeFile(file, `${JSON.stringify(description, null, 2)}\n`, { flag: 'wx' });
}
