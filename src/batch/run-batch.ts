/**
 * The batch runner: defaces a list of images with bounded concurrency, reports every step as an
 * event, survives being killed (state file), cancels one job or all, retries failed jobs on request,
 * and stops a job that runs past its time limit.
 */
import type { DefaceParameters, Verdict } from '../api/deface.js';
import { CancelledError, type DefaceOutcome, type DefaceProgress, type DefaceRequest } from '../engine/engine.js';
import { acquireBatchLock } from './batch-lock.js';
import { batchStatePath, loadBatchState, saveBatchState, type BatchJob, type BatchState } from './batch-state.js';
import { removeUnverifiedOutput } from './partial-output.js';

/**
 * Runs one deface; the batch passes an AbortSignal that fires on cancel or at the time limit, and a
 * sink for the engine's log lines (FSL's output), which become the image's job log.
 */
export type RunDeface = (
  request: DefaceRequest,
  onProgress: (progress: DefaceProgress) => void,
  signal: AbortSignal,
  onLog: (line: string) => void,
) => Promise<DefaceOutcome>;

export type BatchEvent =
  | { type: 'resumed'; done: number; failedEarlier: number; toRun: number }
  | { type: 'start'; input: string; output: string }
  | { type: 'progress'; input: string; stage: string; fraction: number }
  | { type: 'log'; input: string; line: string }
  | { type: 'done'; input: string; output: string; verdict: Verdict; seconds: number }
  | { type: 'failed'; input: string; error: string }
  | { type: 'cancelled'; input: string };

export interface BatchSummary {
  total: number;
  /** Done in this run. */
  done: number;
  /** Already done by an earlier run (never done twice). */
  alreadyDone: number;
  failed: number;
  cancelled: number;
  warnings: number;
  seconds: number;
}

export interface BatchOptions {
  /** Where `.veil/` holds the state and the lock: the dataset root, or the out root for read-only datasets. */
  stateRoot: string;
  jobs: { input: string; output: string }[];
  engineName: string;
  parameters: DefaceParameters;
  runDeface: RunDeface;
  concurrency: number;
  timeLimitMs: number;
  /** Run jobs that failed in an earlier run again. */
  retryFailed: boolean;
  onEvent: (event: BatchEvent) => void;
}

export interface BatchRun {
  /** Cancels one job (by input path), or every job when no input is given. */
  cancel(input?: string): void;
  readonly finished: Promise<BatchSummary>;
}

/**
 * Starts a batch.
 *
 * @example
 * const run = startBatch({ stateRoot, jobs, engineName: 'veil-native', parameters, runDeface, concurrency: 1,
 *   timeLimitMs: 30 * 60_000, retryFailed: false, onEvent: console.log });
 * process.once('SIGINT', () => run.cancel());
 * const summary = await run.finished;
 */
export function startBatch(options: BatchOptions): BatchRun {
  const controllers = new Map<string, AbortController>();
  let cancelledAll = false;
  // A job cancelled while still queued is skipped when its turn comes.
  const cancelledInputs = new Set<string>();
  const cancel = (input?: string) => {
    if (input === undefined) cancelledAll = true;
    else cancelledInputs.add(input);
    for (const [key, controller] of controllers) if (input === undefined || key === input) controller.abort(new CancelledError());
  };
  const finished = runAll(options, controllers, (input) => cancelledAll || cancelledInputs.has(input));
  return { cancel, finished };
}

async function runAll(options: BatchOptions, controllers: Map<string, AbortController>, isCancelled: (input: string) => boolean): Promise<BatchSummary> {
  const started = performance.now();
  const release = await acquireBatchLock(options.stateRoot);
  try {
    const file = batchStatePath(options.stateRoot);
    const state = mergeWithSaved(await loadBatchState(file), options);
    const planned = new Set(options.jobs.map((job) => job.input));
    // Only planned jobs: one that finished but died before its state was saved is no longer planned
    // (the scan found its output and sidecar), and its output must stay.
    for (const job of state.jobs) if (job.status === 'running' && planned.has(job.input)) await removeUnverifiedOutput(job.output);
    const summary: BatchSummary = { total: options.jobs.length, done: 0, alreadyDone: 0, failed: 0, cancelled: 0, warnings: 0, seconds: 0 };
    const queue: BatchJob[] = [];
    for (const job of state.jobs) {
      if (!planned.has(job.input)) continue;
      if (job.status === 'done') summary.alreadyDone++;
      else if (job.status === 'failed' && !options.retryFailed) summary.failed++;
      else {
        job.status = 'pending';
        queue.push(job);
      }
    }
    if (summary.alreadyDone > 0 || summary.failed > 0) options.onEvent({ type: 'resumed', done: summary.alreadyDone, failedEarlier: summary.failed, toRun: queue.length });

    let saving = Promise.resolve();
    const save = () => (saving = saving.then(() => saveBatchState(file, state)));
    await save();

    const worker = async () => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        if (isCancelled(job.input)) {
          summary.cancelled++;
          options.onEvent({ type: 'cancelled', input: job.input });
          continue;
        }
        await runJob(job, options, controllers, summary, save);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker));
    await saving;
    summary.seconds = (performance.now() - started) / 1000;
    return summary;
  } finally {
    await release();
  }
}

async function runJob(
  job: BatchJob,
  options: BatchOptions,
  controllers: Map<string, AbortController>,
  summary: BatchSummary,
  save: () => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  controllers.set(job.input, controller);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new CancelledError());
  }, options.timeLimitMs);
  job.status = 'running';
  job.attempts++;
  await save();
  options.onEvent({ type: 'start', input: job.input, output: job.output });
  const jobStarted = performance.now();
  try {
    const outcome = await options.runDeface(
      { input: job.input, output: job.output, parameters: options.parameters },
      (progress) => options.onEvent({ type: 'progress', input: job.input, stage: progress.stage, fraction: progress.fraction }),
      controller.signal,
      (line) => options.onEvent({ type: 'log', input: job.input, line }),
    );
    job.verdict = outcome.selfCheck.verdict;
    job.error = outcome.selfCheck.verdict === 'fail' ? outcome.selfCheck.reasons.join(' ') : null;
    job.status = outcome.selfCheck.verdict === 'fail' ? 'failed' : 'done';
    if (job.status === 'failed') {
      summary.failed++;
      options.onEvent({ type: 'failed', input: job.input, error: `self-check failed: ${job.error}` });
    } else {
      summary.done++;
      if (outcome.selfCheck.verdict === 'warn') summary.warnings++;
      options.onEvent({ type: 'done', input: job.input, output: job.output, verdict: outcome.selfCheck.verdict, seconds: (performance.now() - jobStarted) / 1000 });
    }
  } catch (error) {
    if (error instanceof CancelledError && !timedOut) {
      // Cancelled by the user: back to pending, so the next run does it.
      job.status = 'pending';
      summary.cancelled++;
      options.onEvent({ type: 'cancelled', input: job.input });
    } else {
      job.status = 'failed';
      job.error = timedOut ? `Stopped at the time limit of ${Math.round(options.timeLimitMs / 1000)} s.` : error instanceof Error ? error.message : String(error);
      summary.failed++;
      options.onEvent({ type: 'failed', input: job.input, error: job.error });
    }
  } finally {
    clearTimeout(timer);
    controllers.delete(job.input);
    await save();
  }
}

/** Brings the saved state (if any) in line with this plan: new images are added as pending. */
function mergeWithSaved(saved: BatchState | null, options: BatchOptions): BatchState {
  const state: BatchState = saved ?? { schema: 'veil.batch/1', engine: options.engineName, parameters: options.parameters, jobs: [] };
  state.engine = options.engineName;
  state.parameters = options.parameters;
  const known = new Map(state.jobs.map((job) => [job.input, job]));
  for (const planned of options.jobs) {
    const job = known.get(planned.input);
    if (job === undefined || job.output !== planned.output) {
      if (job) state.jobs.splice(state.jobs.indexOf(job), 1);
      state.jobs.push({ ...planned, status: 'pending', attempts: 0, verdict: null, error: null });
    }
  }
  return state;
}
