/**
 * Running a planned batch, on this machine or on Slurm, with the same events, summary and state
 * file; derivatives outputs get their BIDS de-identification sidecar as each image finishes.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { SelfCheckSchema, type DefaceParameters, type SelfCheck } from '../api/deface.js';
import { VeilError } from '../api/result.js';
import { VEIL_DERIVATIVES_DIR } from '../datasets/output-paths.js';
import { fileSystemError } from '../files/fs-errors.js';
import { NATIVE_ENGINE_NAME } from '../engine/native-engine.js';
import { sidecarPathFor } from '../engine/sidecar.js';
import { acquireBatchLock } from './batch-lock.js';
import { batchStatePath, loadBatchState, saveBatchState, type BatchState } from './batch-state.js';
import { ensureDerivativeDescription, writeDeidentificationSidecar } from './bids-deidentification.js';
import { chooseEngine, type EngineChoice, type FslChoiceOptions } from './choose-engine.js';
import { startBatch, type BatchEvent, type BatchSummary, type RunDeface } from './run-batch.js';
import { cancelSlurmBatch, submitSlurmBatch } from './slurm/submit-slurm-batch.js';
import { watchSlurmBatch } from './slurm/watch-slurm-batch.js';

export interface SchedulerOptions {
  engine: EngineChoice;
  /** fsl_deface's location (when not found through FSLDIR or PATH) and its own options. */
  fsl?: FslChoiceOptions;
  scheduler: 'local' | 'slurm';
  /** Slurm only: partition and memory per task. */
  partition?: string;
  memoryMb: number;
  /** Images (local) or Slurm tasks at once; default cores − 1 locally, all on Slurm. */
  jobs?: number;
  retryFailed: boolean;
  timeLimitMinutes: number;
  parameters: DefaceParameters;
  /** Leave out the recognizability check (face detection on 3D renders), which runs by default. */
  skipRecognizability?: boolean;
}

/** What both schedulers need to run a planned batch. */
export interface BatchContext {
  stateRoot: string;
  jobs: { input: string; output: string }[];
  options: SchedulerOptions;
  say: (line: string) => void;
  /** Outputs go to derivatives/: each gets a BIDS sidecar with DeidentificationMethod. */
  derivatives: boolean;
  onEvent: (event: BatchEvent) => void;
  /**
   * Receives the batch's cancel function once it runs: one image (by input path) or, without one, all.
   * On Slurm any cancel stops the whole job array.
   */
  onStarted?: (cancel: (input?: string) => void) => void;
}

/**
 * Creates the output folders (and the derivative's description) before any image runs, so a
 * read-only dataset fails at once, naming the folder, instead of image by image.
 *
 * @example
 * await prepareOutputFolders(root, plan.jobs, true);
 */
export async function prepareOutputFolders(root: string, jobs: { output: string }[], derivatives: boolean): Promise<void> {
  const derivativeRoot = path.join(root, ...VEIL_DERIVATIVES_DIR.split('/'));
  try {
    if (derivatives) await ensureDerivativeDescription(derivativeRoot);
    for (const folder of new Set(jobs.map((job) => path.dirname(job.output)))) await mkdir(folder, { recursive: true });
  } catch (error) {
    throw fileSystemError(error, 'write', derivatives ? derivativeRoot : root);
  }
}

/**
 * Runs the planned batch where the options say, until it ends or is cancelled (through `onStarted`).
 *
 * @example
 * const summary = await runPlannedBatch({ stateRoot, jobs, options, say: console.log, derivatives: true, onEvent });
 */
export function runPlannedBatch(context: BatchContext): Promise<BatchSummary> {
  return context.options.scheduler === 'slurm' ? runOnSlurm(context) : runLocally(context);
}

async function runLocally({ stateRoot, jobs, options, say, derivatives, onEvent, onStarted }: BatchContext): Promise<BatchSummary> {
  const engine = await chooseEngine(options.engine, options.fsl);
  say(`Engine: ${engine.name} ${engine.version} (${engine.because}); ${jobs.length} to deface.`);
  const runDeface: RunDeface = async (request, onProgress, signal, onLog) => {
    const outcome = await engine.runDeface(options.skipRecognizability ? { ...request, skipRecognizability: true } : request, onProgress, signal, onLog);
    if (derivatives && outcome.selfCheck.verdict !== 'fail') await writeDeidentificationSidecar(request.output, outcome.selfCheck);
    return outcome;
  };
  const run = startBatch({
    stateRoot,
    jobs,
    engineName: engine.name,
    parameters: options.parameters,
    runDeface,
    concurrency: options.jobs ?? Math.max(1, availableParallelism() - 1),
    timeLimitMs: options.timeLimitMinutes * 60_000,
    retryFailed: options.retryFailed,
    onEvent,
  });
  onStarted?.((input) => run.cancel(input));
  return run.finished;
}

/** Submits one Slurm job array (native engine in every task) and follows it to the end. */
async function runOnSlurm({ stateRoot, jobs: planned, options, say, derivatives, onEvent, onStarted }: BatchContext): Promise<BatchSummary> {
  if (options.engine === 'fsl') throw new VeilError('UNSUPPORTED', 'On Slurm, Veil runs its native engine; FSL tasks are not supported yet.');
  // The same state file as local runs: images that failed before are skipped unless --retry-failed.
  const stateFile = batchStatePath(stateRoot);
  const state: BatchState = (await loadBatchState(stateFile)) ?? { schema: 'veil.batch/1', engine: NATIVE_ENGINE_NAME, parameters: options.parameters, jobs: [] };
  const failedBefore = new Set(state.jobs.filter((job) => job.status === 'failed').map((job) => job.input));
  const jobs = options.retryFailed ? planned : planned.filter((job) => !failedBefore.has(job.input));
  const failedEarlier = planned.length - jobs.length;
  if (failedEarlier > 0) onEvent({ type: 'resumed', done: 0, failedEarlier, toRun: jobs.length });
  if (jobs.length === 0) return { total: planned.length, done: 0, alreadyDone: 0, failed: failedEarlier, cancelled: 0, warnings: 0, seconds: 0 };

  const release = await acquireBatchLock(stateRoot);
  try {
    return await submitAndWatch({ stateRoot, jobs, options, say, derivatives, onEvent, onStarted }, state, planned.length, failedEarlier);
  } finally {
    await release();
  }
}

async function submitAndWatch(
  { stateRoot, jobs, options, say, derivatives, onEvent, onStarted }: BatchContext,
  state: BatchState,
  plannedCount: number,
  failedEarlier: number,
): Promise<BatchSummary> {
  const workDir = path.join(stateRoot, '.veil', 'slurm', new Date().toISOString().replace(/[:.]/g, '-'));
  const maxParallelTasks = options.jobs ?? jobs.length;
  const slurm = { ...(options.partition ? { partition: options.partition } : {}), memoryMb: options.memoryMb, timeLimitMinutes: options.timeLimitMinutes, maxParallelTasks };
  const jobId = await submitSlurmBatch({ jobs, parameters: options.parameters, engineName: 'native', workDir, slurm, ...(options.skipRecognizability ? { skipRecognizability: true } : {}) });
  say(`Submitted Slurm job array ${jobId} (${jobs.length} tasks, at most ${maxParallelTasks} at once); logs in ${workDir}.`);
  onStarted?.(() => void cancelSlurmBatch(jobId, workDir));
  const sidecarWrites: Promise<unknown>[] = [];
  const outcomes = new Map<string, { status: 'done' | 'failed'; error: string | null }>();
  const recordAndRelay = (event: BatchEvent) => {
    onEvent(event);
    if (event.type === 'done') {
      outcomes.set(event.input, { status: 'done', error: null });
      if (derivatives) sidecarWrites.push(readSelfCheck(event.output).then((check) => writeDeidentificationSidecar(event.output, check)));
    } else if (event.type === 'failed') outcomes.set(event.input, { status: 'failed', error: event.error });
  };
  const summary = await watchSlurmBatch(jobId, workDir, jobs, recordAndRelay);
  await Promise.all(sidecarWrites);
  const others = state.jobs.filter((job) => !outcomes.has(job.input));
  const recorded = jobs.flatMap((job) => {
    const outcome = outcomes.get(job.input);
    return outcome ? [{ ...job, status: outcome.status, attempts: 1, verdict: null, error: outcome.error }] : [];
  });
  await saveBatchState(batchStatePath(stateRoot), { ...state, jobs: [...others, ...recorded] });
  return { ...summary, total: plannedCount, failed: summary.failed + failedEarlier };
}

async function readSelfCheck(output: string): Promise<SelfCheck> {
  return SelfCheckSchema.parse(JSON.parse(await readFile(sidecarPathFor(output), 'utf8')));
}
