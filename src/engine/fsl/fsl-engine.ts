/**
 * FSL's `fsl_deface` as a DefaceEngine: run it in its own process group (so cancelling or a time
 * limit stops bet/flirt too), let it write to a hidden temporary name, settle the file it produced
 * to the requested compression, judge it with Veil's own self-check and only then rename it into place.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { VeilError } from '../../api/result.js';
import { CancelledError, type CancellationFlag, type DefaceEngine, type DefaceOutcome, type DefaceProgress, type DefaceRequest } from '../engine.js';
import { sidecarPathFor, writeSidecar } from '../sidecar.js';
import { readFingerprinted } from '../verify-output.js';
import { checkOutputInWorker } from '../worker/run-native-in-worker.js';
import { fslDefaceArguments, type FslDefaceOptions } from './fsl-command.js';
import { fslImageSlot, publishFslImage, removeFslImageSlot, settleFslImage } from './fsl-image-files.js';
import { LastLines } from './last-lines.js';
import { FSL_DEFACE, locateFslDeface, type FslLocation } from './locate-fsl.js';
import { runInProcessGroup, type GroupRunResult } from './process-group.js';

export const FSL_ENGINE_NAME = 'fsl';

export interface FslEngineOptions {
  /** Path to fsl_deface; default: `$FSLDIR/bin/fsl_deface`, else the first on PATH. */
  executable?: string;
  /** The environment fsl_deface is looked for in (FSLDIR, PATH) and run with; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** fsl_deface's own options (BET fractional intensity, bias correction). */
  fsl?: FslDefaceOptions;
  /** Longest a run may take before it is stopped and fails; default 30 minutes (fsl_deface takes ~5). */
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL when a run is stopped; default 5 s. */
  killGraceMs?: number;
  /** Every line fsl_deface prints (stdout and stderr), as it comes. */
  onLog?(line: string): void;
}

const DEFAULT_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_KILL_GRACE_MS = 5_000;
/** Enough of FSL's stderr to show the error and what led to it. */
const STDERR_LINES_KEPT = 20;
/** Share of the whole run FSL takes (minutes); the self-check takes the rest (seconds). */
const FSL_SHARE = 0.9;

/**
 * An engine that runs FSL's fsl_deface.
 *
 * @example
 * const engine = createFslEngine({ fsl: { biasCorrect: true }, onLog: (line) => console.error(line) });
 * const availability = await engine.detect(); // { available: true, version: '6.0.7.9' }
 * const outcome = await engine.run(request, console.log, new AbortController().signal);
 */
export function createFslEngine(options: FslEngineOptions = {}): DefaceEngine {
  const locate = () => locateFslDeface({ executable: options.executable, env: options.env ?? process.env });
  return {
    name: FSL_ENGINE_NAME,
    detect: async () => {
      const found = await locate();
      return 'reason' in found ? { available: false, reason: found.reason } : { available: true, version: found.version };
    },
    run: async (request, onProgress, cancellation) => {
      if (request.brainOut) throw new VeilError('UNSUPPORTED', `${FSL_DEFACE} does not write a brain mask; run without a brain mask output or use Veil's engine.`);
      const found = await locate();
      if ('reason' in found) throw new VeilError('UNAVAILABLE', found.reason);
      return runFslDeface(found, options, request, onProgress, cancellation);
    },
  };
}

async function runFslDeface(
  fsl: FslLocation,
  options: FslEngineOptions,
  request: DefaceRequest,
  onProgress: (progress: DefaceProgress) => void,
  cancellation: CancellationFlag,
): Promise<DefaceOutcome> {
  const started = performance.now();
  const output = fslImageSlot(request.output);
  const mask = request.maskOut ? fslImageSlot(request.maskOut) : undefined;
  try {
    // Fingerprint the input as FSL is about to read it, and refuse an unreadable one before minutes of FSL.
    const input = await readFingerprinted(request.input);
    if (cancellation.aborted) throw new CancelledError();

    onProgress({ stage: 'fsl', fraction: 0 });
    const stderr = new LastLines(STDERR_LINES_KEPT);
    const fslStarted = performance.now();
    const fslStartedAt = Date.now();
    const result = await runInProcessGroup({
      command: fsl.executable,
      args: fslDefaceArguments({ input: request.input, outputBase: output.base, maskBase: mask?.base, qcPrefix: request.qcPngPrefix, options: options.fsl ?? {} }),
      // FSLOUTPUTTYPE explicitly, so FSL writes the compression asked for; FSLDIR, which its scripts need.
      env: { ...(options.env ?? process.env), FSLOUTPUTTYPE: output.outputType, ...(fsl.fslDir ? { FSLDIR: fsl.fslDir } : {}) },
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      killGraceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      cancellation,
      onLine: (line, stream) => {
        if (stream === 'stderr') stderr.push(line);
        options.onLog?.(line);
      },
    });
    const failure = (what: string) => failedRun(request.input, what, stderr);
    throwUnlessSucceeded(result, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, failure);
    const outputReady = await settleFslImage(output);
    if (!outputReady) throw failure(`exited without writing ${request.output}`);
    const maskReady = mask ? await settleFslImage(mask) : undefined;
    if (mask && !maskReady) throw failure(`exited without writing the mask ${mask.requested}`);
    const stagesMs: Record<string, number> = { fsl: performance.now() - fslStarted };
    onProgress({ stage: 'fsl', fraction: FSL_SHARE });

    onProgress({ stage: 'self-check', fraction: FSL_SHARE });
    const checkStarted = performance.now();
    const selfCheck = await checkOutputInWorker(
      {
        engine: { name: FSL_ENGINE_NAME, version: fsl.version },
        parameters: request.parameters,
        input: input.fingerprint,
        output: request.output,
        readFrom: outputReady,
        stagesMs,
        recognizability: !request.skipRecognizability,
      },
      cancellation,
    );
    // The worker answered with its own copy of the stage times: this one goes into the self-check's.
    selfCheck.timings.stagesMs['self-check'] = performance.now() - checkStarted;
    if (cancellation.aborted) throw new CancelledError();

    if (mask && maskReady) await publishFslImage(mask, maskReady);
    await publishFslImage(output, outputReady);
    selfCheck.timings.totalMs = performance.now() - started;
    const sidecar = sidecarPathFor(request.output);
    await writeSidecar(sidecar, selfCheck);
    onProgress({ stage: 'self-check', fraction: 1 });
    const qcPictures = request.qcPngPrefix ? await picturesWrittenSince(request.qcPngPrefix, fslStartedAt) : [];
    return { selfCheck, sidecar, qcPictures };
  } finally {
    // After a success the temporary names are already gone; after anything else nothing partial stays.
    await Promise.all([output, ...(mask ? [mask] : [])].map(removeFslImageSlot));
  }
}

/** Throws the error that fits a run that did not exit with status 0. */
function throwUnlessSucceeded(result: GroupRunResult, timeoutMs: number, failure: (what: string) => VeilError): void {
  switch (result.ending) {
    case 'cancelled':
      throw new CancelledError();
    case 'not-started':
      throw new VeilError('UNAVAILABLE', `${FSL_DEFACE} could not be started: ${result.startError ?? 'unknown reason'}`);
    case 'timed-out':
      throw failure(`was stopped after ${Math.round(timeoutMs / 1000)} s, its time limit`);
    case 'exited':
      if (result.signal) throw failure(`was killed by ${result.signal}`);
      if (result.exitCode !== 0) throw failure(`failed with exit code ${result.exitCode}`);
  }
}

function failedRun(input: string, what: string, stderr: LastLines): VeilError {
  const said = stderr.text();
  return new VeilError('INTERNAL', `${FSL_DEFACE} on ${input} ${what}.${said ? `\nIts last messages:\n${said}` : ' It printed nothing.'}`);
}

/** fsl_deface -p writes `<prefix>_<n>.png` snapshots; the ones of this run are those written since it started. */
async function picturesWrittenSince(prefix: string, sinceMs: number): Promise<string[]> {
  const folder = path.dirname(prefix);
  const stem = `${path.basename(prefix)}_`;
  const names = (await readdir(folder).catch(() => [])).filter((name) => name.startsWith(stem) && name.endsWith('.png'));
  const fresh = await Promise.all(
    names.map(async (name) => {
      const file = path.join(folder, name);
      const info = await stat(file).catch(() => undefined);
      // File systems store mtime coarsely: allow a second.
      return info && info.mtimeMs >= sinceMs - 1000 ? file : undefined;
    }),
  );
  return fresh.filter((file): file is string => file !== undefined).sort();
}
