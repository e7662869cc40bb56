/**
 * What the recognizability check adds to a self-check's verdict: a failure when a face is still
 * found on the defaced renders, a doubt when no face was found on the original either (then the
 * check proves nothing about this image, and says so).
 */
import type { Recognizability } from '../api/deface.js';

export interface VerdictFindings {
  /** Reasons that make the verdict `fail`. */
  failures: string[];
  /** Reasons that make the verdict at least `warn`. */
  doubts: string[];
}

/**
 * The reasons the check gives for the verdict (none when it passes).
 *
 * @example
 * const { failures, doubts } = recognizabilityFindings(result);
 */
export function recognizabilityFindings(result: Recognizability): VerdictFindings {
  const failures: string[] = [];
  const doubts: string[] = [];
  const threshold = result.model.scoreThreshold;
  if (result.faceFoundDefaced) {
    const views = result.views.filter((view) => view.defaced.faces.length > 0).map((view) => view.name);
    failures.push(`A face detector still finds a face on the 3D render of the defaced image (${views.join(', ')}; best score ${result.maxScoreDefaced.toFixed(2)}, threshold ${threshold}).`);
  }
  if (result.sameIdentity) {
    failures.push('The face found on the defaced render is recognized as the same person as on the original (face descriptor distance below the model’s threshold).');
  }
  if (!result.faceFoundOriginal) {
    doubts.push(
      `The face detector found no face on the renders of the original image either (best score ${bestOriginalScore(result).toFixed(2)}), so the recognizability check proves nothing for this image; look at the 3D views.`,
    );
  }
  return { failures, doubts };
}

function bestOriginalScore(result: Recognizability): number {
  return Math.max(0, ...result.views.map((view) => view.original?.bestScore ?? 0));
}
