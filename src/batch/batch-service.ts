/**
 * Batch defacing for the app (`batch.start`, `batch.cancel`): plans the requested T1s of an open
 * dataset against a fresh scan, runs them on this machine, and relays every step to the event bus
 * with paths relative to the dataset root, so no absolute path reaches the renderer.
 */
import { randomBytes } from 'node:crypto';
import type { BatchSummary, MethodParams, MethodResult } from '../api/contract.js';
import { DEFAULT_DEFACE_PARAMETERS } from '../api/deface.js';
import { VeilError } from '../api/result.js';
import type { DatasetRegistry } from '../datasets/registry.js';
import { scanDataset } from '../datasets/scan/scan-dataset.js';
import type { EventBus } from '../service/events.js';
import { batchStatePath, loadBatchState } from './batch-state.js';
import { planBatch } from './plan-batch.js';
import type { BatchEvent } from './run-batch.js';
import { relativeBatchEvent } from './relative-event.js';
import { prepareOutputFolders, runPlannedBatch, type SchedulerOptions } from './run-planned-batch.js';

/** The longest one image may take in the app, as the CLI's default. */
const TIME_LIMIT_MINUTES = 30;
/** Memory per Slurm task: a 1 mm head peaks near 300 MB in the native engine; 4 GB leaves room for larger images. */
const SLURM_MEMORY_MB = 4000;

const EMPTY_SUMMARY: BatchSummary = { total: 0, done: 0, alreadyDone: 0, failed: 0, cancelled: 0, warnings: 0, seconds: 0 };

export interface BatchService {
  start(params: MethodParams<'batch.start'>): Promise<MethodResult<'batch.start'>>;
  cancel(params: MethodParams<'batch.cancel'>): Promise<MethodResult<'batch.cancel'>>;
}

/** A batch that has not finished yet. */
interface RunningBatch {
  datasetId: string;
  /** Absolute input of every image not yet finished, by its path relative to the dataset root. */
  unfinished: Map<string, string>;
  /** Set once the runner has started. */
  cancel: ((input?: string) => void) | null;
}

/**
 * Creates the batch part of the core over the service's dataset registry and event bus.
 *
 * @example
 * const batches = createBatchService(datasets, events);
 * const { batchId, jobs, skipped } = await batches.start({ datasetId, paths: ['raw/sub-001/…/00001_x.nii'], engine: 'auto', output: 'derivatives' });
 * await batches.cancel({ batchId });
 */
export function createBatchService(datasets: DatasetRegistry, events: EventBus): BatchService {
  const running = new Map<string, RunningBatch>();

  const start: BatchService['start'] = async ({ datasetId, paths, engine, output, scheduler, force = false }) => {
    const root = await datasets.resolve(datasetId, '');
    // Checked and registered with no await in between, so two quick requests cannot both pass.
    if ([...running.values()].some((batch) => batch.datasetId === datasetId)) {
      throw new VeilError('UNAVAILABLE', 'A batch is already running on this dataset; wait for it or cancel it.');
    }
    const batchId = randomBytes(8).toString('hex');
    const batch: RunningBatch = { datasetId, unfinished: new Map(), cancel: null };
    running.set(batchId, batch);
    try {
      const plan = await planRequested(root, paths, output, force);
      if (plan.jobs.length === 0) {
        running.delete(batchId);
        // Announced after the answer, like every other batch's end.
        setImmediate(() => events.emit('batch.finished', { batchId, summary: EMPTY_SUMMARY, error: null }));
        return { batchId, jobs: 0, skipped: plan.skipped };
      }
      for (const job of plan.jobs) batch.unfinished.set(job.path, job.input);
      await prepareOutputFolders(root, plan.jobs, output === 'derivatives');
      await runUntilFirstEvent(batchId, batch, root, plan.jobs, { engine, output, scheduler: scheduler ?? 'local' });
      return { batchId, jobs: plan.jobs.length, skipped: plan.skipped };
    } catch (error) {
      running.delete(batchId);
      throw error;
    }
  };

  /** Starts the runner and waits for its first event, so a failure to start (lock held, FSL missing) is this call's error. */
  async function runUntilFirstEvent(
    batchId: string,
    batch: RunningBatch,
    root: string,
    jobs: { input: string; output: string }[],
    choice: { engine: SchedulerOptions['engine']; output: 'beside' | 'derivatives'; scheduler: SchedulerOptions['scheduler'] },
  ): Promise<void> {
    let announceStarted = () => {};
    const started = new Promise<'started'>((resolve) => (announceStarted = () => resolve('started')));
    const relay = (event: BatchEvent) => {
      announceStarted();
      const relative = relativeBatchEvent(event, root);
      if ('input' in relative && relative.type !== 'start' && relative.type !== 'progress') batch.unfinished.delete(relative.input);
      events.emit('batch.event', { batchId, event: relative });
    };
    const finished = runPlannedBatch({
      stateRoot: root,
      jobs: jobs.map(({ input, output }) => ({ input, output })),
      options: {
        engine: choice.engine,
        scheduler: choice.scheduler,
        memoryMb: SLURM_MEMORY_MB,
        // The user picked exactly these images: ones that failed in an earlier run are tried again.
        retryFailed: true,
        timeLimitMinutes: TIME_LIMIT_MINUTES,
        parameters: DEFAULT_DEFACE_PARAMETERS,
      },
      // The engine line is for terminals; the app follows the events.
      say: () => undefined,
      derivatives: choice.output === 'derivatives',
      onEvent: relay,
      onStarted: (cancel) => (batch.cancel = cancel),
    });
    const outcome = finished.then(
      (summary) => ({ summary, error: null }),
      (error: unknown) => ({ summary: null, error }),
    );
    const first = await Promise.race([started, outcome]);
    if (first !== 'started' && first.error !== null) throw first.error;
    void outcome.then(({ summary, error }) => {
      running.delete(batchId);
      events.emit('batch.finished', { batchId, summary, error: error === null ? null : error instanceof Error ? error.message : String(error) });
    });
  }

  const cancel: BatchService['cancel'] = async ({ batchId, path: relative }) => {
    const batch = running.get(batchId);
    if (!batch?.cancel) return { cancelled: false };
    if (relative === undefined) {
      batch.cancel();
      return { cancelled: batch.unfinished.size > 0 };
    }
    const input = batch.unfinished.get(relative);
    if (input === undefined) return { cancelled: false };
    batch.cancel(input);
    return { cancelled: true };
  };

  return { start, cancel };
}

/**
 * The plan for the requested paths only, against a fresh scan: paths the scan does not know are
 * skipped too, so nothing outside the dataset's own images is ever touched.
 */
async function planRequested(root: string, paths: string[], output: 'beside' | 'derivatives', force: boolean) {
  const requested = new Set(paths);
  const scan = await scanDataset(root);
  const images = scan.images.filter((image) => requested.has(image.path));
  const known = new Set(images.map((image) => image.path));
  const plan = planBatch(root, { ...scan, images }, { target: { convention: output }, gunzip: false, subjects: [], force }, await loadBatchState(batchStatePath(root)));
  const unknown = [...requested].filter((file) => !known.has(file)).map((file) => ({ path: file, reason: 'not a NIfTI image of this dataset' }));
  return { jobs: plan.jobs, skipped: [...plan.skipped, ...unknown] };
}

