/**
 * `veil qc IN DEFACED`: the recognizability check on any pair of images (Veil's outputs, FSL's, any
 * other tool's): is a face still found on 3D renders of the defaced image? Exit codes as `deface`:
 * 0 pass, 3 warn (no face found on the original either), 1 fail or error, 2 bad usage.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Recognizability, ViewDetection } from '../api/deface.js';
import { recognizabilityPicturesForFiles } from '../recognizability/pictures.js';
import { recognizabilityFindings } from '../recognizability/verdict.js';
import { EXIT_WARN } from './deface.js';
import { CliError, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';

export interface QcCliOptions {
  json: boolean;
  /** Write `PREFIX_<view>.png` (original | defaced, detections drawn) per view. */
  png?: string;
}

/**
 * Runs the check from the command line and returns the exit code.
 *
 * @example
 * process.exitCode = await qcCommand('raw.nii', 'defaced_raw.nii', { json: false, png: 'qc/sub-01' });
 */
export async function qcCommand(original: string, defaced: string, options: QcCliOptions): Promise<number> {
  for (const file of [original, defaced]) if (!existsSync(file)) throw new CliError(`Input not found: ${file}`, EXIT_FAILURE);
  if (options.png && !existsSync(path.dirname(path.resolve(options.png)))) throw new CliError(`The folder for ${options.png} does not exist.`, EXIT_FAILURE);
  const { result, pictures } = await recognizabilityPicturesForFiles(path.resolve(original), path.resolve(defaced));
  const { failures, doubts } = recognizabilityFindings(result);
  const verdict = failures.length > 0 ? 'fail' : doubts.length > 0 ? 'warn' : 'pass';
  const written: string[] = [];
  if (options.png) {
    for (const picture of pictures) {
      const file = `${path.resolve(options.png)}_${picture.view}.png`;
      await writeFile(file, picture.png);
      written.push(file);
    }
  }
  if (options.json) console.log(JSON.stringify({ verdict, reasons: [...failures, ...doubts], recognizability: result, pictures: written }, null, 2));
  else printSummary(verdict, [...failures, ...doubts], result, written);
  return { pass: EXIT_OK, warn: EXIT_WARN, fail: EXIT_FAILURE }[verdict];
}

function printSummary(verdict: string, reasons: string[], result: Recognizability, pictures: string[]): void {
  const score = (detection: ViewDetection | null) => (detection === null ? 'skipped' : `${detection.bestScore.toFixed(2)}${detection.faces.length > 0 ? ' FACE' : ''}`);
  console.log(`${verdict.toUpperCase()}: face ${result.faceFoundOriginal ? 'found' : 'not found'} on the original, ${result.faceFoundDefaced ? 'FOUND' : 'not found'} on the defaced image (threshold ${result.model.scoreThreshold}), ${(result.timeMs / 1000).toFixed(1)} s`);
  console.log('  view        original     defaced      identity distance');
  for (const view of result.views) {
    console.log(`  ${view.name.padEnd(10)}  ${score(view.original).padEnd(11)}  ${score(view.defaced).padEnd(11)}  ${view.identityDistance === null ? '-' : view.identityDistance.toFixed(3)}`);
  }
  if (result.views.some((view) => view.original === null)) console.log('  (skipped: the original\'s front view already shows a face, which is all the check needs of the original)');
  for (const reason of reasons) console.log(`  - ${reason}`);
  for (const picture of pictures) console.log(`  picture: ${picture}`);
}
