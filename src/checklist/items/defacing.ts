/**
 * Checklist item 1, defacing and de-earing, derived — never entered by hand: for every T1-weighted
 * image going into the copy, its deface state from the scan, the verdict of the self-check Veil wrote
 * beside its defaced output, and the review verdict a person gave in the Compare view (as the scan
 * shows it: only a review made for the output now on disk counts).
 */
import path from 'node:path';
import type { DefaceState, Review } from '../../api/contract.js';
import type { Recognizability, Verdict } from '../../api/deface.js';
import { SidecarFiles } from '../../datasets/scan/sidecar-files.js';
import type { FolderSurvey } from '../check/survey-folder.js';
import { includedFiles, type PublicationPlan } from '../stage/plan-publication.js';

export interface DefacingRow {
  /** The original T1, dataset-relative. */
  image: string;
  state: DefaceState;
  /** The defaced output, dataset-relative, or null. */
  output: string | null;
  /** The self-check's verdict, or null when there is no readable self-check. */
  selfCheck: Verdict | null;
  /** Engine name and version from the self-check. */
  engine: string | null;
  /** The self-check's face detection on 3D renders (null: no self-check, or it was skipped). */
  faces: FaceDetectionSummary | null;
  review: Review | null;
  /** Defaced, self-check not failed, and reviewed as pass. */
  ok: boolean;
}

/** What the recognizability check found, in short: the report's evidence that no face is left. */
export interface FaceDetectionSummary {
  faceFoundOriginal: boolean;
  faceFoundDefaced: boolean;
  /** The detector's best score on any defaced view (a face at the threshold). */
  maxScoreDefaced: number;
  threshold: number;
  sameIdentity: boolean;
}

/**
 * One row per T1 going into the copy (substituted by its defaced version or not).
 *
 * @example
 * const rows = await defacingRows(survey, plan);
 * rows.filter((row) => !row.ok);
 */
export async function defacingRows(survey: FolderSurvey, plan: PublicationPlan): Promise<DefacingRow[]> {
  const going = new Set(includedFiles(plan).map((file) => file.source));
  const sidecars = new SidecarFiles();
  const rows: DefacingRow[] = [];
  for (const image of survey.scan.images) {
    if (image.kind !== 't1' || !(going.has(image.path) || (image.output !== null && going.has(image.output)))) continue;
    const state = image.state ?? 'not-defaced';
    let selfCheck: Verdict | null = null;
    let engine: string | null = null;
    let faces: FaceDetectionSummary | null = null;
    if (image.output !== null) {
      const read = await sidecars.veilSidecar(path.join(survey.root, ...`${image.output.replace(/\.nii(\.gz)?$/i, '')}.veil.json`.split('/')));
      if ('selfCheck' in read) {
        selfCheck = read.selfCheck.verdict;
        engine = `${read.selfCheck.engine.name} ${read.selfCheck.engine.version}`;
        faces = faceDetectionSummary(read.selfCheck.recognizability ?? null);
      }
    }
    const review = image.review;
    const ok = state === 'defaced' && selfCheck !== null && selfCheck !== 'fail' && review?.verdict === 'pass';
    rows.push({ image: image.path, state, output: image.output, selfCheck, engine, faces, review, ok });
  }
  return rows;
}

function faceDetectionSummary(result: Recognizability | null): FaceDetectionSummary | null {
  if (result === null) return null;
  const { faceFoundOriginal, faceFoundDefaced, maxScoreDefaced, sameIdentity } = result;
  return { faceFoundOriginal, faceFoundDefaced, maxScoreDefaced, threshold: result.model.scoreThreshold, sameIdentity };
}
