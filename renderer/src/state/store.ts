/**
 * The renderer's state: what the core told us (app info, open datasets, the folder on screen, the
 * dataset's scan, the running batch) and the last error to show. Actions call the core through the
 * typed client; failures land in `error`.
 */
import { create } from 'zustand';
import type {
  AppInfo,
  BatchEngineChoice,
  BatchOutput,
  BatchScheduler,
  Dataset,
  DirectoryListing,
  EventPayload,
  MethodResult,
  Review,
  ReviewVerdict,
} from '../../../src/api/contract.js';
import type { ApiError, Result } from '../../../src/api/result.js';
import type { ChecklistSection } from '../../../src/api/tutorial.js';
import { call, subscribe } from '../api/client.js';
import { pairForImage } from '../features/compare/compare-pairs.js';
import { emptyBatch, withEvent, withFinish, withStartAnswer, type BatchProgress } from '../features/dataset/batch-progress.js';

export type Area = 'dataset' | 'walkthrough' | 'compare' | 'checklist';

export type DatasetScanResult = MethodResult<'datasets.scan'>;

export interface BatchRequest {
  paths: string[];
  engine: BatchEngineChoice;
  output: BatchOutput;
  scheduler: BatchScheduler;
}

/** Two images of the current dataset shown side by side: normally a T1 and its defaced output. */
export interface ComparePair {
  original: string;
  defaced: string;
}

export interface VeilState {
  appInfo: AppInfo | null;
  area: Area;
  datasets: Dataset[];
  currentDatasetId: string | null;
  listing: DirectoryListing | null;
  /** The last scan of the current dataset. */
  scan: DatasetScanResult | null;
  /** The batch started from this window most recently (running or finished). */
  batch: BatchProgress | null;
  /** A `batch.start` call is on its way: its events may arrive before its answer. */
  startingBatch: boolean;
  /** The pair on screen in the Compare area. */
  comparePair: ComparePair | null;
  /** The Checklist section to bring into view when the Checklist area opens (the walkthrough's buttons). */
  checklistSection: ChecklistSection | null;
  /** The area on screen was opened by a walkthrough step's button: it offers the way back. */
  fromWalkthrough: boolean;
  /** How far the last publication copy being built is (`checklist.progress`). */
  stageProgress: EventPayload<'checklist.progress'> | null;
  busy: boolean;
  error: ApiError | null;
  /** The app has shown what it opens with (the last dataset, or none): heavy page work can start after it. */
  started: boolean;

  /** Loads app info and the already-open datasets, and listens to core events; returns the unsubscribe. */
  start(): () => void;
  showArea(area: Area): void;
  openTypedPath(path: string): Promise<void>;
  pickDataset(): Promise<void>;
  /** Opens the Checklist area at one of its sections (from a walkthrough step: it offers the way back). */
  openChecklist(section: ChecklistSection | null, fromWalkthrough?: boolean): void;
  /** Creates the practice project in a typed folder, or (no path) one chosen in the native picker, and shows its walkthrough. */
  startPracticeProject(path?: string): Promise<void>;
  browse(path: string): Promise<void>;
  rescan(): Promise<void>;
  startBatch(request: BatchRequest): Promise<void>;
  /** Cancels one image of the batch, or all of it. */
  cancelBatch(path?: string): Promise<void>;
  /** Shows a pair in the Compare area (from a walkthrough step: it offers the way back). */
  openCompare(pair: ComparePair, fromWalkthrough?: boolean): void;
  /** Records a verdict on the pair on screen; resolves with the stored review, or null after storing the error. */
  recordReview(verdict: ReviewVerdict, note: string): Promise<Review | null>;
  dismissError(): void;
}

export const useVeil = create<VeilState>()((set, get) => {
  /** Runs a core call with the busy flag; returns its value, or null after storing the error. */
  async function run<T>(request: Promise<Result<T>>): Promise<T | null> {
    set({ busy: true });
    const result = await request;
    set({ busy: false, ...(result.ok ? {} : { error: result.error }) });
    return result.ok ? result.value : null;
  }

  /**
   * Makes `dataset` the current one and scans it; shows the Dataset area unless `keepArea` (the
   * dataset the app reopens at start-up: a tab clicked while it loads stays where it was clicked).
   */
  async function showDataset(dataset: Dataset, { keepArea = false } = {}): Promise<void> {
    set((state) => ({
      datasets: state.datasets.some((d) => d.id === dataset.id) ? state.datasets : [...state.datasets, dataset],
      currentDatasetId: dataset.id,
      listing: null,
      scan: null,
      comparePair: null,
      area: keepArea ? state.area : 'dataset',
    }));
    await get().browse('');
    await get().rescan();
  }

  /**
   * Shows the image the shell was asked to open (a double-clicked `.nii`, `veil serve IMAGE`): its
   * dataset, then its pair in Compare when it has one. False when there was no such request.
   */
  async function showOpenRequest(): Promise<boolean> {
    const request = await run(call('images.takeOpenRequest', {}));
    if (!request) return false;
    const known = get().datasets.find((d) => d.id === request.datasetId);
    const dataset = known ?? (await run(call('datasets.list', {})))?.find((d) => d.id === request.datasetId);
    if (!dataset) return false;
    await showDataset(dataset);
    const pair = get().currentDatasetId === dataset.id ? pairForImage(get().scan?.images ?? [], request.path) : null;
    if (pair) get().openCompare({ original: pair.original, defaced: pair.defaced });
    return true;
  }

  /** The batch an event belongs to: the current one, or a new one while its start is being answered. */
  function batchFor(batchId: string): BatchProgress | null {
    const { batch, startingBatch, currentDatasetId } = get();
    if (batch?.batchId === batchId) return batch;
    return startingBatch && currentDatasetId !== null ? emptyBatch(batchId, currentDatasetId) : null;
  }

  return {
    appInfo: null,
    area: 'dataset',
    datasets: [],
    currentDatasetId: null,
    listing: null,
    scan: null,
    batch: null,
    startingBatch: false,
    comparePair: null,
    checklistSection: null,
    fromWalkthrough: false,
    stageProgress: null,
    busy: false,
    error: null,
    started: false,

    start: () => {
      void (async () => {
        const info = await run(call('app.info', {}));
        if (info) set({ appInfo: info });
        const open = await run(call('datasets.list', {}));
        if (open) set({ datasets: open });
        if (await showOpenRequest()) return;
        const last = open?.at(-1);
        if (last) await showDataset(last, { keepArea: true });
      })().finally(() => set({ started: true }));
      return subscribe(
        // Datasets opened elsewhere (the Electron menu, another window) show up here too.
        {
          'datasets.opened': (dataset) => {
            if (get().currentDatasetId !== dataset.id) void showDataset(dataset);
          },
          'images.openRequested': () => void showOpenRequest(),
          'batch.event': ({ batchId, event }) => {
            const batch = batchFor(batchId);
            if (batch) set({ batch: withEvent(batch, event) });
          },
          'checklist.progress': (progress) => set({ stageProgress: progress }),
          'batch.finished': ({ batchId, summary, error }) => {
            const batch = batchFor(batchId);
            if (!batch) return;
            set({ batch: withFinish(batch, summary, error) });
            // While the start is unanswered, the answer rescans instead (see startBatch).
            if (!get().startingBatch) void get().rescan();
          },
        },
        (message) => set({ error: { code: 'INTERNAL', message } }),
      );
    },

    showArea: (area) => set({ area, checklistSection: null, fromWalkthrough: false }),

    openChecklist: (section, fromWalkthrough = false) => set({ area: 'checklist', checklistSection: section, fromWalkthrough }),

    openTypedPath: async (path) => {
      const dataset = await run(call('datasets.open', { path }));
      if (dataset) await showDataset(dataset);
    },

    pickDataset: async () => {
      const dataset = await run(call('datasets.pick', {}));
      if (dataset) await showDataset(dataset);
    },

    startPracticeProject: async (path) => {
      const dataset = await run(call('tutorial.create', path === undefined ? {} : { path }));
      if (!dataset) return;
      await showDataset(dataset);
      set({ area: 'walkthrough' });
    },

    browse: async (path) => {
      const datasetId = get().currentDatasetId;
      if (datasetId === null) return;
      const listing = await run(call('files.list', { datasetId, path }));
      if (listing) set({ listing, error: null });
    },

    rescan: async () => {
      const datasetId = get().currentDatasetId;
      if (datasetId === null) return;
      const scan = await run(call('datasets.scan', { datasetId }));
      if (scan && get().currentDatasetId === scan.datasetId) set({ scan });
    },

    startBatch: async ({ paths, engine, output, scheduler }) => {
      const datasetId = get().currentDatasetId;
      if (datasetId === null || get().startingBatch) return;
      set({ startingBatch: true, error: null });
      const started = await run(call('batch.start', { datasetId, paths, engine, output, scheduler }));
      if (!started) {
        set({ startingBatch: false });
        return;
      }
      const current = get().batch;
      const base = current?.batchId === started.batchId ? current : emptyBatch(started.batchId, datasetId);
      const batch = withStartAnswer(base, paths, started.skipped);
      set({ batch, startingBatch: false });
      if (batch.finished) await get().rescan();
    },

    cancelBatch: async (path) => {
      const batch = get().batch;
      if (!batch || batch.finished) return;
      await run(call('batch.cancel', path === undefined ? { batchId: batch.batchId } : { batchId: batch.batchId, path }));
    },

    // Moving to another pair inside Compare keeps the way back.
    openCompare: (pair, fromWalkthrough = false) =>
      set((state) => ({ comparePair: pair, area: 'compare', fromWalkthrough: fromWalkthrough || (state.area === 'compare' && state.fromWalkthrough) })),

    recordReview: async (verdict, note) => {
      const { currentDatasetId: datasetId, comparePair: pair } = get();
      if (datasetId === null || pair === null) return null;
      const review = await run(call('reviews.record', { datasetId, ...pair, verdict, note }));
      if (!review) return null;
      // The Dataset tab shows the verdict at once; the next scan reads the same record from .veil/reviews.json.
      set(({ scan }) => ({
        scan: scan && { ...scan, images: scan.images.map((image) => (image.path === pair.original ? { ...image, review } : image)) },
      }));
      return review;
    },

    dismissError: () => set({ error: null }),
  };
});
