/**
 * The renderer's state: what the core told us (app info, open datasets, the folder on screen) and
 * the last error to show. Actions call the core through the typed client; failures land in `error`.
 */
import { create } from 'zustand';
import type { AppInfo, Dataset, DirectoryListing } from '../../../src/api/contract.js';
import type { ApiError, Result } from '../../../src/api/result.js';
import { call, subscribe } from '../api/client.js';

export type Area = 'dataset' | 'deface' | 'compare' | 'checklist';

export interface VeilState {
  appInfo: AppInfo | null;
  area: Area;
  datasets: Dataset[];
  currentDatasetId: string | null;
  listing: DirectoryListing | null;
  busy: boolean;
  error: ApiError | null;

  /** Loads app info and the already-open datasets, and listens to core events; returns the unsubscribe. */
  start(): () => void;
  showArea(area: Area): void;
  openTypedPath(path: string): Promise<void>;
  pickDataset(): Promise<void>;
  browse(path: string): Promise<void>;
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

  async function showDataset(dataset: Dataset): Promise<void> {
    set((state) => ({
      datasets: state.datasets.some((d) => d.id === dataset.id) ? state.datasets : [...state.datasets, dataset],
      currentDatasetId: dataset.id,
      listing: null,
      area: 'dataset',
    }));
    await get().browse('');
  }

  return {
    appInfo: null,
    area: 'dataset',
    datasets: [],
    currentDatasetId: null,
    listing: null,
    busy: false,
    error: null,

    start: () => {
      void (async () => {
        const info = await run(call('app.info', {}));
        if (info) set({ appInfo: info });
        const open = await run(call('datasets.list', {}));
        const last = open?.at(-1);
        if (open && last) {
          set({ datasets: open });
          await showDataset(last);
        }
      })();
      return subscribe(
        // Datasets opened elsewhere (the Electron menu, another window) show up here too.
        {
          'datasets.opened': (dataset) => {
            if (get().currentDatasetId !== dataset.id) void showDataset(dataset);
          },
        },
        (message) => set({ error: { code: 'INTERNAL', message } }),
      );
    },

    showArea: (area) => set({ area }),

    openTypedPath: async (path) => {
      const dataset = await run(call('datasets.open', { path }));
      if (dataset) await showDataset(dataset);
    },

    pickDataset: async () => {
      const dataset = await run(call('datasets.pick', {}));
      if (dataset) await showDataset(dataset);
    },

    browse: async (path) => {
      const datasetId = get().currentDatasetId;
      if (datasetId === null) return;
      const listing = await run(call('files.list', { datasetId, path }));
      if (listing) set({ listing, error: null });
    },

    dismissError: () => set({ error: null }),
  };
});
