/**
 * Veil's core as one object: the contract's handlers wired to the feature modules, the event bus,
 * and `invoke`, the function both shells call. A shell supplies only what it alone can do
 * (a native folder picker) and says which kind of shell it is.
 */
import { realpath } from 'node:fs/promises';
import nodePath from 'node:path';
import type { OpenRequest, ShellKind } from '../api/contract.js';
import { VeilError, type Result } from '../api/result.js';
import { createBatchService } from '../batch/batch-service.js';
import { listDirectory } from '../datasets/listing.js';
import { DatasetRegistry } from '../datasets/registry.js';
import { relativeSegments } from '../datasets/containment.js';
import { openTargetOf } from '../datasets/dataset-root.js';
import { scanDataset } from '../datasets/scan/scan-dataset.js';
import { VEIL_VERSION } from '../paths.js';
import { writePracticeProject } from '../tutorial/practice-project.js';
import { tutorialProgress } from '../tutorial/progress.js';
import { createChecklistHandlers } from './checklist-handlers.js';
import { createCompareHandlers } from './compare-handlers.js';
import { dispatch, dispatchByteRead, dispatchByteWrite, type ErrorReporter, type Handlers } from './dispatch.js';
import { EventBus } from './events.js';

export interface ShellOptions {
  shell: ShellKind;
  /** Shows a native folder picker for `purpose` (default: open a dataset) and resolves with the chosen absolute path, or null if cancelled. */
  pickDirectory?: (purpose?: 'open-dataset' | 'new-practice-project') => Promise<string | null>;
  /**
   * Whether `datasets.open` accepts typed paths. The browser shell does (its user holds the token
   * and a shell on the machine); the Electron shell opens only what its native picker returned.
   */
  allowTypedPaths: boolean;
  reportError?: ErrorReporter;
}

export interface VeilService {
  readonly events: EventBus;
  readonly datasets: DatasetRegistry;
  /** Runs one contract call; never throws. */
  invoke(method: string, params: unknown): Promise<Result<unknown>>;
  /** Runs one byte-answering call (`byteReads` of the contract); never throws. */
  readBytes(method: string, params: unknown): Promise<Result<Uint8Array>>;
  /** Runs one byte-sending call (`byteWrites` of the contract); never throws. */
  writeBytes(method: string, params: unknown, body: Uint8Array): Promise<Result<unknown>>;
  /** Opens a dataset on behalf of the shell (command line, menu), bypassing `allowTypedPaths`. */
  openDataset(path: string): Promise<Result<unknown>>;
  /**
   * Opens what the shell was asked to open (command line, double-clicked file): a dataset folder, or
   * a NIfTI image's dataset, leaving the image for the UI to show in Compare (`images.takeOpenRequest`).
   */
  openTarget(path: string): Promise<Result<unknown>>;
}

/**
 * Creates the core for one shell.
 *
 * @example
 * const service = createVeilService({ shell: 'browser', allowTypedPaths: true });
 * await service.invoke('app.info', {});
 */
export function createVeilService(options: ShellOptions): VeilService {
  const events = new EventBus();
  const datasets = new DatasetRegistry();
  const batches = createBatchService(datasets, events);
  const compare = createCompareHandlers(datasets);
  const checklist = createChecklistHandlers(datasets, events);

  const openAndAnnounce = async (path: string) => {
    const dataset = await datasets.open(path);
    events.emit('datasets.opened', dataset);
    return dataset;
  };

  let openRequest: OpenRequest | null = null;
  /** A folder opens as `datasets.open` does; an image's dataset opens quietly, and the UI takes the image. */
  const openTarget = async (target: string) => {
    const { folder, image } = await openTargetOf(target);
    if (image === null) return openAndAnnounce(folder);
    const dataset = await datasets.open(folder);
    const relative = nodePath.relative(dataset.root, await realpath(image)).split(nodePath.sep).join('/');
    if (relative.startsWith('../') || nodePath.isAbsolute(relative)) {
      throw new VeilError('OUTSIDE_DATASET', `${image} leads outside its dataset folder ${dataset.root}.`);
    }
    openRequest = { datasetId: dataset.id, path: relative };
    // No 'datasets.opened': the UI shows the dataset when it takes the request, then the pair, in that order.
    events.emit('images.openRequested', {});
    return dataset;
  };

  const handlers: Handlers = {
    'app.info': async () => ({
      name: 'Veil',
      version: VEIL_VERSION,
      shell: options.shell,
      capabilities: { nativeDirectoryPicker: options.pickDirectory !== undefined, typedPaths: options.allowTypedPaths },
    }),
    'datasets.open': async ({ path }) => {
      if (!options.allowTypedPaths) {
        throw new VeilError('UNSUPPORTED', 'This shell opens datasets only through its folder picker.');
      }
      return openAndAnnounce(path);
    },
    'datasets.pick': async () => {
      if (!options.pickDirectory) throw new VeilError('UNSUPPORTED', 'This shell has no native folder picker.');
      const picked = await options.pickDirectory();
      return picked === null ? null : openAndAnnounce(picked);
    },
    'datasets.list': async () => datasets.list(),
    'tutorial.create': async ({ path }) => {
      // The same rule as datasets.open: a shell that opens only picked folders also writes only into picked ones.
      if (path !== undefined && !options.allowTypedPaths) throw new VeilError('UNSUPPORTED', 'This shell creates the practice project only in a folder chosen in its picker.');
      if (path === undefined && !options.pickDirectory) throw new VeilError('UNSUPPORTED', 'This shell has no native folder picker: type a folder for the practice project.');
      const folder = path ?? (await options.pickDirectory?.('new-practice-project')) ?? null;
      return folder === null ? null : openAndAnnounce(await writePracticeProject(folder));
    },
    'tutorial.progress': async ({ datasetId }) => tutorialProgress(await datasets.resolve(datasetId, '')),
    'images.takeOpenRequest': async () => {
      const request = openRequest;
      openRequest = null;
      return request;
    },
    'files.list': async ({ datasetId, path }) => {
      const relative = relativeSegments(path).join('/');
      const absolute = await datasets.resolve(datasetId, relative);
      return { datasetId, path: relative, entries: await listDirectory(absolute, relative) };
    },
    'datasets.scan': async ({ datasetId, layout }) => {
      const root = await datasets.resolve(datasetId, '');
      return { datasetId, ...(await scanDataset(root, { layout: layout ?? 'auto' })) };
    },
    'batch.start': (params) => batches.start(params),
    'batch.cancel': (params) => batches.cancel(params),
    ...compare.methods,
    ...checklist.methods,
  };

  return {
    events,
    datasets,
    invoke: (method, params) => dispatch(handlers, method, params, options.reportError),
    readBytes: (method, params) => dispatchByteRead({ ...compare.byteReads, 'checklist.reportHtml': checklist.reportHtml }, method, params, options.reportError),
    writeBytes: (method, params, body) => dispatchByteWrite(compare.byteWrites, method, params, body, options.reportError),
    openDataset: (path) => dispatch({ ...handlers, 'datasets.open': async (p) => openAndAnnounce(p.path) }, 'datasets.open', { path }),
    openTarget: (path) => dispatch({ ...handlers, 'datasets.open': async (p) => openTarget(p.path) }, 'datasets.open', { path }),
  };
}
