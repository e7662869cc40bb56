/**
 * `veil deface IN OUT`: deface one image with the native engine (in a worker), write the output
 * atomically, and report the self-check. Exit codes: 0 pass, 3 warn, 1 fail or error, 2 bad usage.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DefaceParameters, SelfCheck } from '../api/deface.js';
import { CancelledError, type DefaceRequest } from '../engine/engine.js';
import { runNativeInWorker } from '../engine/worker/run-native-in-worker.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

/** Exit code of a run whose self-check verdict is `warn`. */
export const EXIT_WARN = 3;

export interface DefaceCliOptions {
  parameters: DefaceParameters;
  maskOut?: string;
  brainOut?: string;
  qcPng?: string;
  json: boolean;
  force: boolean;
  /** Leave out the recognizability check. */
  skipRecognizability?: boolean;
}

/**
 * Checks the file arguments before any work: the input exists, outputs are NIfTI names, no output is
 * the input (also through links), and no existing output is overwritten without `--force`.
 *
 * @example
 * checkDefaceArguments('raw.nii', 'defaced_raw.nii', []); // throws CliError with exit code 2 when wrong
 */
export function checkDefaceArguments(input: string, output: string, extraOutputs: string[], force: boolean): void {
  if (!existsSync(input)) throw new CliError(`Input not found: ${input}`, EXIT_FAILURE);
  if (!/\.nii(\.gz)?$/.test(output)) throw new CliError(`OUT must end in .nii or .nii.gz: ${output}`, EXIT_USAGE);
  const inputStat = statSync(input);
  for (const target of [output, ...extraOutputs]) {
    if (path.resolve(target) === path.resolve(input)) throw new CliError(`Refusing to overwrite the input: ${target}`, EXIT_USAGE);
    if (!existsSync(target)) {
      if (!existsSync(path.dirname(path.resolve(target)))) throw new CliError(`The folder for ${target} does not exist.`, EXIT_USAGE);
      continue;
    }
    const targetStat = statSync(target);
    if (targetStat.dev === inputStat.dev && targetStat.ino === inputStat.ino) {
      throw new CliError(`Refusing to overwrite the input (${target} is the same file as ${input}).`, EXIT_USAGE);
    }
    if (!force) throw new CliError(`${target} exists; use --force to replace it.`, EXIT_USAGE);
  }
}

/**
 * Runs one deface from the command line and returns the exit code.
 *
 * @example
 * process.exitCode = await defaceCommand('raw.nii', 'defaced_raw.nii', options);
 */
export async function defaceCommand(input: string, output: string, options: DefaceCliOptions): Promise<number> {
  const extras = [options.maskOut, options.brainOut].filter((file): file is string => file !== undefined);
  checkDefaceArguments(input, output, extras, options.force);
  const request: DefaceRequest = {
    input: path.resolve(input),
    output: path.resolve(output),
    parameters: options.parameters,
    ...(options.maskOut ? { maskOut: path.resolve(options.maskOut) } : {}),
    ...(options.brainOut ? { brainOut: path.resolve(options.brainOut) } : {}),
    ...(options.qcPng ? { qcPngPrefix: path.resolve(options.qcPng) } : {}),
    ...(options.skipRecognizability ? { skipRecognizability: true } : {}),
  };
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    let lastStage = '';
    const outcome = await runNativeInWorker(
      request,
      (progress) => {
        if (options.json || progress.stage === lastStage) return;
        lastStage = progress.stage;
        process.stderr.write(`  ${progress.stage}…\n`);
      },
      controller.signal,
    );
    if (options.json) console.log(JSON.stringify(outcome.selfCheck, null, 2));
    else printSummary(outcome.selfCheck, outcome.sidecar, outcome.qcPictures);
    return { pass: EXIT_OK, warn: EXIT_WARN, fail: EXIT_FAILURE }[outcome.selfCheck.verdict];
  } catch (error) {
    if (error instanceof CancelledError) throw new CliError('Cancelled; no output was written.');
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

function printSummary(check: SelfCheck, sidecar: string, pictures: string[]): void {
  const pct = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
  const ears = check.earRegionRemovedFraction === null ? 'ears kept' : `ears ${pct(check.earRegionRemovedFraction)} removed`;
  console.log(
    `${check.verdict.toUpperCase()}: face ${pct(check.faceRegionRemovedFraction)} removed, ${ears}, ` +
      `${check.brainVoxelsChanged} of ${check.brainVoxels} brain voxels changed, ${check.removedVolumeMl.toFixed(1)} ml removed, ` +
      `${(check.timings.totalMs / 1000).toFixed(2)} s`,
  );
  const faces = check.recognizability;
  if (faces) {
    const views = (side: 'original' | 'defaced') => faces.views.map((view) => `${view.name} ${view[side]?.bestScore.toFixed(2) ?? 'skipped'}`).join(', ');
    console.log(`  face detector, best score per view (a face at ${faces.model.scoreThreshold}): original ${views('original')}; defaced ${views('defaced')}`);
  }
  for (const reason of check.reasons) console.log(`  - ${reason}`);
  console.log(`  output:     ${check.output.path}`);
  console.log(`  self-check: ${sidecar}`);
  for (const picture of pictures) console.log(`  QC picture: ${picture}`);
}
