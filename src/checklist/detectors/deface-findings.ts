/**
 * Faces in images, from the dataset scan (names and Veil's sidecars; no image is opened): every
 * T1-weighted image shows a face — an original whose defaced version exists as much as one never
 * defaced — and other anatomical images may. An image that passes for defaced because its BIDS
 * sidecar declares `DeidentificationMethod` must name face removal (DICOM code 113102) to count.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetScan, DefaceState, ScannedImage } from '../../api/contract.js';
import { classifyByName } from '../../datasets/scan/classify.js';
import { DEFACED_PREFIX, VEIL_DERIVATIVES_DIR } from '../../datasets/output-paths.js';
import type { Finding } from '../findings.js';

/** DICOM PS3.16 CID 7050: "Clean Recognizable Visual Features Option" (the face is gone). */
export const FACE_REMOVED_CODE = '113102';

/**
 * True when a parsed sidecar's DeidentificationMethodCodeSequence lists code 113102.
 *
 * @example
 * declaresFaceRemoval({ DeidentificationMethodCodeSequence: [{ CodeValue: '113102' }] }); // true
 */
export function declaresFaceRemoval(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const sequence = (json as Record<string, unknown>).DeidentificationMethodCodeSequence;
  return Array.isArray(sequence) && sequence.some((code) => typeof code === 'object' && code !== null && (code as Record<string, unknown>).CodeValue === FACE_REMOVED_CODE);
}

const STATE_WORDS: Readonly<Record<DefaceState, string>> = {
  'not-defaced': 'is not defaced',
  defaced: 'is defaced',
  stale: 'changed after it was defaced',
  failed: 'failed to deface',
};

/** Outputs recognised by Veil's own conventions need no sidecar check. */
function isVeilOutputByName(image: ScannedImage): boolean {
  return path.posix.basename(image.path).toLowerCase().startsWith(DEFACED_PREFIX) || image.path.startsWith(`${VEIL_DERIVATIVES_DIR}/`);
}

async function readJsonOrNull(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/**
 * The deface findings of a scanned folder.
 *
 * @example
 * defaceFindings('/data/study', await scanDataset('/data/study'));
 * // [{rule: 'deface.not-defaced', severity: 'blocking', file: 'raw/sub-001/…/00001_….nii', …}]
 */
export async function defaceFindings(root: string, scan: DatasetScan): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const image of scan.images) {
    const finding = (rule: Finding['rule'], severity: Finding['severity'], message: string) =>
      findings.push({ rule, severity, file: image.path, field: null, excerpt: '', message });
    if (image.kind === 't1') {
      finding(
        'deface.not-defaced',
        'blocking',
        image.state === 'defaced'
          ? `This original shows the face; its defaced version (${image.output}) goes into the publication copy instead.`
          : `This T1-weighted image ${STATE_WORDS[image.state ?? 'not-defaced']} and shows the face; deface it or leave it out.`,
      );
    } else if (image.kind === 'anatomical') {
      finding('deface.anatomical', 'warning', 'This anatomical image may show the face; deface it or leave it out.');
    } else if (image.kind === 'defaced-output' && !isVeilOutputByName(image)) {
      const stem = image.path.replace(/\.nii(\.gz)?$/i, '');
      const veilSidecar = path.join(root, ...`${stem}.veil.json`.split('/'));
      if ((await readJsonOrNull(veilSidecar)) !== null) continue;
      const sidecar = await readJsonOrNull(path.join(root, ...`${stem}.json`.split('/')));
      if (!declaresFaceRemoval(sidecar)) {
        const looksT1 = classifyByName(image.path, 'primary') === 't1';
        finding(
          'deface.not-defaced',
          looksT1 ? 'blocking' : 'warning',
          `Its sidecar declares a de-identification but not face removal (DICOM code ${FACE_REMOVED_CODE}): the face may still be there; deface it or leave it out.`,
        );
      }
    }
  }
  return findings;
}
