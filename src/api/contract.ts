/**
 * The one API contract between the renderer and the core. Both shells (Electron IPC and the
 * loopback HTTP server) carry exactly these methods and events; every payload is validated
 * against these schemas where it enters and leaves the core, and the renderer validates answers.
 * Pure module (zod only): the renderer bundles it.
 */
import { z } from 'zod';
import { ChecklistDecisionSchema, ChecklistViewSchema, GeneralizationPreviewViewSchema, GeneralizationSettingsSchema, GateViewSchema } from './checklist.js';
import { SelfCheckSchema } from './deface.js';
import { TutorialProgressViewSchema } from './tutorial.js';

/** A dataset is named by an id the core derived from its real path, never by a path the renderer invents. */
export const DatasetIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'dataset id must be 16 hex digits');

/**
 * A path inside a dataset, '/'-separated, relative to its root ('' is the root). The core checks
 * it again on the file system (no `..` segment, no symlink that leads outside).
 */
export const RelativePathSchema = z
  .string()
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path must not contain NUL')
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p), 'path must be relative to the dataset root')
  .refine((p) => !p.split(/[\\/]/).includes('..'), "path must not contain '..'");

/** A folder the user picked or typed: absolute on this machine. */
export const UserPathSchema = z
  .string()
  .min(1, 'path is empty')
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path must not contain NUL');

export const DatasetSchema = z.strictObject({
  id: DatasetIdSchema,
  name: z.string(),
  root: z.string(),
});
export type Dataset = z.infer<typeof DatasetSchema>;

export const FileEntrySchema = z.strictObject({
  name: z.string(),
  path: z.string(),
  type: z.enum(['directory', 'file', 'symlink', 'other']),
  size: z.number().int().nonnegative(),
});
export type FileEntry = z.infer<typeof FileEntrySchema>;

export const DirectoryListingSchema = z.strictObject({
  datasetId: DatasetIdSchema,
  path: z.string(),
  entries: z.array(FileEntrySchema),
});
export type DirectoryListing = z.infer<typeof DirectoryListingSchema>;

export const ShellKindSchema = z.enum(['electron', 'browser']);
export type ShellKind = z.infer<typeof ShellKindSchema>;

export const AppInfoSchema = z.strictObject({
  name: z.literal('Veil'),
  version: z.string(),
  shell: ShellKindSchema,
  /** What this shell can do, so the renderer offers only what works. */
  capabilities: z.strictObject({
    /** A native folder picker (`datasets.pick`). */
    nativeDirectoryPicker: z.boolean(),
    /** Opening a dataset by a typed absolute path (`datasets.open`). */
    typedPaths: z.boolean(),
  }),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** How a dataset is organised: the DCCN raw layout, BIDS, or any folder of NIfTI files. */
export const ScanLayoutSchema = z.enum(['dccn', 'bids', 'flat']);
export type ScanLayout = z.infer<typeof ScanLayoutSchema>;

/**
 * What an image is, from its names alone: `t1` is what a batch deface takes; `anatomical` (T2w,
 * FLAIR, …) is defaceable on request; `functional` and `diffusion` are never defaced.
 */
export const ImageKindSchema = z.enum(['t1', 'anatomical', 'functional', 'diffusion', 'defaced-output', 'other']);
export type ImageKind = z.infer<typeof ImageKindSchema>;

/** Whether a T1 has a defaced output whose self-check vouches for the input as it is now. */
export const DefaceStateSchema = z.enum(['not-defaced', 'defaced', 'stale', 'failed']);
export type DefaceState = z.infer<typeof DefaceStateSchema>;

/** Where an image sits: the data itself, BIDS `derivatives/` or `sourcedata/`, or elsewhere (e.g. `code/`). */
export const ImageLocationSchema = z.enum(['primary', 'derivatives', 'sourcedata', 'other']);
export type ImageLocation = z.infer<typeof ImageLocationSchema>;

/** A reviewer's verdict on one defaced image, from the Compare view. */
export const ReviewVerdictSchema = z.enum(['pass', 'fail', 'attention']);
export type ReviewVerdict = z.infer<typeof ReviewVerdictSchema>;

export const MAX_REVIEW_NOTE_LENGTH = 2000;

/**
 * A review as stored in `.veil/reviews.json` and shown with its image. It holds for one defaced
 * output: `defacedSha256` is the output's sha256 from its self-check, so a re-defaced image needs a new review.
 */
export const ReviewSchema = z.strictObject({
  verdict: ReviewVerdictSchema,
  note: z.string().max(MAX_REVIEW_NOTE_LENGTH),
  /** ISO 8601. */
  reviewedAt: z.string(),
  /** The defaced output reviewed, relative to the dataset root. */
  defacedPath: z.string(),
  defacedSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Review = z.infer<typeof ReviewSchema>;

export const ScannedImageSchema = z.strictObject({
  /** '/'-separated, relative to the dataset root. */
  path: z.string(),
  location: ImageLocationSchema,
  /** `sub-001`, from the file name (BIDS entity) or a folder. */
  subject: z.string().nullable(),
  /** `ses-mri01`. */
  session: z.string().nullable(),
  /** The DCCN series folder (`002-t1_mprage_sag_ipat2_1p0iso`) or the BIDS datatype folder (`anat`). */
  series: z.string().nullable(),
  /** The DCCN series number (2 for `002-…`). */
  seriesNumber: z.number().int().nonnegative().nullable(),
  kind: ImageKindSchema,
  /** Null unless the image is a T1. */
  state: DefaceStateSchema.nullable(),
  /** The defaced output found for it, relative to the dataset root (absolute when outside it). */
  output: z.string().nullable(),
  /** Why a T1 is failed or stale, or why an existing output does not count. */
  reason: z.string().nullable(),
  /** The review of a `defaced` T1's current output; null when there is none or it was for an earlier output. */
  review: ReviewSchema.nullable(),
});
export type ScannedImage = z.infer<typeof ScannedImageSchema>;

export const DatasetScanSchema = z.strictObject({
  layout: ScanLayoutSchema,
  /** The folder that holds the subjects (`raw` for a DCCN project folder), relative to the root. */
  dataRoot: z.string(),
  images: z.array(ScannedImageSchema),
  /** Folders that could not be listed, and the like: the scan went on without them. */
  warnings: z.array(z.string()),
});
export type DatasetScan = z.infer<typeof DatasetScanSchema>;

/** How many images one `batch.start` may name: a large DCCN project, with room to spare. */
export const MAX_BATCH_PATHS = 20_000;

export const BatchEngineChoiceSchema = z.enum(['auto', 'native', 'fsl']);
export type BatchEngineChoice = z.infer<typeof BatchEngineChoiceSchema>;

/** Where a batch writes each defaced copy: `derivatives/veil/…`, or `defaced_<name>` beside the original. */
export const BatchOutputSchema = z.enum(['beside', 'derivatives']);

/** Where a batch runs: on this machine, or as a Slurm job array (native engine in every task). */
export const BatchSchedulerSchema = z.enum(['local', 'slurm']);
export type BatchScheduler = z.infer<typeof BatchSchedulerSchema>;
export type BatchOutput = z.infer<typeof BatchOutputSchema>;

export const BatchIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'batch id must be 16 hex digits');

/**
 * One step of a running batch. `input` and `output` are relative to the dataset root ('/'-separated):
 * absolute paths never reach the renderer.
 */
export const BatchEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('resumed'), done: z.number().int().nonnegative(), failedEarlier: z.number().int().nonnegative(), toRun: z.number().int().nonnegative() }),
  z.strictObject({ type: z.literal('start'), input: z.string(), output: z.string() }),
  z.strictObject({ type: z.literal('progress'), input: z.string(), stage: z.string(), fraction: z.number().min(0).max(1) }),
  z.strictObject({ type: z.literal('done'), input: z.string(), output: z.string(), verdict: z.enum(['pass', 'warn', 'fail']), seconds: z.number().nonnegative() }),
  z.strictObject({ type: z.literal('failed'), input: z.string(), error: z.string() }),
  z.strictObject({ type: z.literal('cancelled'), input: z.string() }),
  /** A line the engine printed (FSL's output): the image's job log. */
  z.strictObject({ type: z.literal('log'), input: z.string(), line: z.string().max(10_000) }),
]);
export type BatchEventPayload = z.infer<typeof BatchEventSchema>;

export const BatchSummarySchema = z.strictObject({
  total: z.number().int().nonnegative(),
  /** Done in this run. */
  done: z.number().int().nonnegative(),
  /** Already done by an earlier run. */
  alreadyDone: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

export const SkippedImageSchema = z.strictObject({ path: z.string(), reason: z.string() });
export type SkippedImage = z.infer<typeof SkippedImageSchema>;

const noParams = z.strictObject({});

/** An image the shell was asked to open (a double-clicked `.nii`, `veil serve IMAGE`): the UI shows it in Compare. */
export const OpenRequestSchema = z.strictObject({ datasetId: DatasetIdSchema, path: RelativePathSchema });
export type OpenRequest = z.infer<typeof OpenRequestSchema>;

/** Every request and its answer. Add a method here first; TypeScript then asks for its handler. */
export const methods = {
  'app.info': { params: noParams, result: AppInfoSchema },
  'datasets.open': { params: z.strictObject({ path: UserPathSchema }), result: DatasetSchema },
  'datasets.pick': { params: noParams, result: DatasetSchema.nullable() },
  'datasets.list': { params: noParams, result: z.array(DatasetSchema) },
  /**
   * Creates the practice project (`veil tutorial`) in a new or empty folder — the typed `path`, or one
   * chosen in the native picker when `path` is absent — and opens it; null when the picker was cancelled.
   */
  'tutorial.create': { params: z.strictObject({ path: UserPathSchema.optional() }), result: DatasetSchema.nullable() },
  /**
   * The course's steps on an open practice project, each with its commands, whether it is done as the
   * project stands and what is still wrong; null when the dataset is not a practice project.
   */
  'tutorial.progress': { params: z.strictObject({ datasetId: DatasetIdSchema }), result: TutorialProgressViewSchema.nullable() },
  /** The image the shell was last asked to open, once (null afterwards, and when there is none). */
  'images.takeOpenRequest': { params: noParams, result: OpenRequestSchema.nullable() },
  'files.list': {
    params: z.strictObject({ datasetId: DatasetIdSchema, path: RelativePathSchema }),
    result: DirectoryListingSchema,
  },
  'datasets.scan': {
    params: z.strictObject({ datasetId: DatasetIdSchema, layout: z.enum(['auto', ...ScanLayoutSchema.options]).optional() }),
    result: DatasetScanSchema.extend({ datasetId: DatasetIdSchema }),
  },
  /**
   * Defaces the named T1s of an open dataset on this machine (or on Slurm). Paths that are not T1s of a fresh scan
   * (or are already defaced, without `force`) are skipped with a reason; progress arrives as
   * `batch.event`, the end as `batch.finished`. One batch per dataset at a time.
   */
  'batch.start': {
    params: z.strictObject({
      datasetId: DatasetIdSchema,
      paths: z.array(RelativePathSchema).max(MAX_BATCH_PATHS),
      engine: BatchEngineChoiceSchema,
      output: BatchOutputSchema,
      scheduler: BatchSchedulerSchema.optional(),
      force: z.boolean().optional(),
    }),
    result: z.strictObject({ batchId: BatchIdSchema, jobs: z.number().int().nonnegative(), skipped: z.array(SkippedImageSchema) }),
  },
  /**
   * Records the verdict on one defaced output. `original` must be a T1 whose output `defaced` has a
   * Veil self-check naming it: a review always belongs to a provenance record.
   */
  'reviews.record': {
    params: z.strictObject({
      datasetId: DatasetIdSchema,
      original: RelativePathSchema,
      defaced: RelativePathSchema,
      verdict: ReviewVerdictSchema,
      note: z.string().max(MAX_REVIEW_NOTE_LENGTH),
    }),
    result: ReviewSchema,
  },
  /** What the Compare view shows beside a pair: the defaced image's self-check (null when it has none) and its review. */
  'images.provenance': {
    params: z.strictObject({ datasetId: DatasetIdSchema, original: RelativePathSchema, defaced: RelativePathSchema }),
    result: z.strictObject({ selfCheck: SelfCheckSchema.nullable(), review: ReviewSchema.nullable() }),
  },
  /**
   * Runs the recognizability check on a pair and keeps its renders (as `recognizability.sheet`
   * shows them) for the report, beside the pair's snapshots; answers the dataset-relative path.
   * Seconds, not milliseconds, unless the last sheet made was of the same, unchanged files.
   */
  'recognizability.keepSheet': {
    params: z.strictObject({ datasetId: DatasetIdSchema, original: RelativePathSchema, defaced: RelativePathSchema }),
    result: z.strictObject({ path: z.string() }),
  },
  /** The anonymization checklist of a dataset as it is now. */
  'checklist.get': { params: z.strictObject({ datasetId: DatasetIdSchema }), result: ChecklistViewSchema },
  /** Records one decision (key, selection, choices) and answers the checklist after it. */
  'checklist.decide': { params: z.strictObject({ datasetId: DatasetIdSchema, decision: ChecklistDecisionSchema }), result: ChecklistViewSchema },
  /**
   * The tables before and after generalization (first rows, identifiers masked) and k-anonymity,
   * with the saved choices or with `choices` (not saved: confirming saves them).
   */
  'checklist.preview': { params: z.strictObject({ datasetId: DatasetIdSchema, choices: GeneralizationSettingsSchema.optional() }), result: GeneralizationPreviewViewSchema },
  /**
   * Builds the publication copy in `out` (a new folder outside the dataset) and checks it; progress
   * arrives as `checklist.progress`. Answers the gate; the checklist's `lastStage` shows it too.
   * `replace` rebuilds the last copy in place; any other existing folder is refused.
   */
  'checklist.stage': {
    params: z.strictObject({ datasetId: DatasetIdSchema, out: UserPathSchema, replace: z.boolean().optional() }),
    result: z.strictObject({ out: z.string(), gate: GateViewSchema }),
  },
  /** Writes the report (`.veil/report/report.html` and `.json`) and answers where, relative to the dataset. */
  'checklist.report': { params: z.strictObject({ datasetId: DatasetIdSchema }), result: z.strictObject({ html: z.string(), json: z.string() }) },
  /** Cancels one image of a running batch (by its relative path), or all of it. */
  'batch.cancel': {
    params: z.strictObject({ batchId: BatchIdSchema, path: RelativePathSchema.optional() }),
    result: z.strictObject({ cancelled: z.boolean() }),
  },
} as const;

/** The views the Compare area exports as PNG for the report. */
export const SnapshotViewSchema = z.enum(['face-3d', 'mid-sagittal']);
export type SnapshotView = z.infer<typeof SnapshotViewSchema>;

/** Largest volume the viewer is sent: a 0.7 mm float32 head is about 60 MB; 1 GiB leaves room and refuses the absurd. */
export const MAX_VOLUME_BYTES = 1024 ** 3;
/** Largest PNG snapshot accepted: a 4K canvas is under 10 MB. */
export const MAX_SNAPSHOT_BYTES = 32 * 1024 ** 2;

/**
 * Calls that answer with bytes (volumes for the viewer). They travel as ArrayBuffers over IPC and as
 * `application/octet-stream` over HTTP — never base64, never a `file://` URL. Failures are Result envelopes.
 */
export const byteReads = {
  /** The file's bytes (`.nii` or `.nii.gz`), as stored. */
  'volumes.read': { params: z.strictObject({ datasetId: DatasetIdSchema, path: RelativePathSchema }) },
  /**
   * A ~2 mm Float32 `.nii` copy of the image (block averages on the same world box, the file's
   * display window, no descrip or extensions): the Compare view's first frame while the file loads.
   */
  'volumes.preview': { params: z.strictObject({ datasetId: DatasetIdSchema, path: RelativePathSchema }) },
  /** The report written by `checklist.report`, as HTML bytes (self-contained; the renderer offers it as a download). */
  'checklist.reportHtml': { params: z.strictObject({ datasetId: DatasetIdSchema }) },
  /**
   * The recognizability check's renders of a pair as one PNG (a row per view: original | defaced, the
   * faces found drawn on them), also kept for the report beside the pair's snapshots, as
   * `.veil/snapshots/<original>/face-detection.png`. Runs the check: seconds, not milliseconds.
   */
  'recognizability.sheet': { params: z.strictObject({ datasetId: DatasetIdSchema, original: RelativePathSchema, defaced: RelativePathSchema }) },
  /** A uint8 `.nii` on the original's grid: 1 where the defaced image differs from the original. */
  'volumes.removedMask': { params: z.strictObject({ datasetId: DatasetIdSchema, original: RelativePathSchema, defaced: RelativePathSchema }) },
} as const;

/** Calls that send bytes (PNG snapshots) with JSON parameters and answer with JSON. */
export const byteWrites = {
  /** Stores a PNG of one view of a pair under `.veil/snapshots/` for the report; answers with its dataset-relative path. */
  'snapshots.save': {
    params: z.strictObject({ datasetId: DatasetIdSchema, original: RelativePathSchema, view: SnapshotViewSchema, side: z.enum(['original', 'defaced']) }),
    result: z.strictObject({ path: z.string() }),
  },
} as const;

export type ByteReadName = keyof typeof byteReads;
export type ByteReadParams<M extends ByteReadName> = z.input<(typeof byteReads)[M]['params']>;
export type ByteWriteName = keyof typeof byteWrites;
export type ByteWriteParams<M extends ByteWriteName> = z.input<(typeof byteWrites)[M]['params']>;
export type ByteWriteResult<M extends ByteWriteName> = z.output<(typeof byteWrites)[M]['result']>;

export type MethodName = keyof typeof methods;
export type MethodParams<M extends MethodName> = z.input<(typeof methods)[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<(typeof methods)[M]['result']>;

/** Every event the core pushes to the renderer. */
export const events = {
  'datasets.opened': DatasetSchema,
  'batch.event': z.strictObject({ batchId: BatchIdSchema, event: BatchEventSchema }),
  /** How far `checklist.stage` is: phase (survey, copy, manifest, check) and count. */
  'checklist.progress': z.strictObject({
    datasetId: DatasetIdSchema,
    phase: z.enum(['survey', 'copy', 'manifest', 'check']),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  /** A batch ended: its summary, or (summary null) the error that stopped it. */
  'batch.finished': z.strictObject({ batchId: BatchIdSchema, summary: BatchSummarySchema.nullable(), error: z.string().nullable() }),
  /** The shell was asked to open an image: fetch it with `images.takeOpenRequest`. */
  'images.openRequested': noParams,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What travels on the wire for one call: `{method, params}`. */
export const InvokeRequestSchema = z.strictObject({
  method: z.string().max(100),
  params: z.unknown(),
});
export type InvokeRequest = z.infer<typeof InvokeRequestSchema>;

/** What travels on the wire for one event: `{event, payload}`. */
export const EventMessageSchema = z.strictObject({
  event: z.string(),
  payload: z.unknown(),
});
export type EventMessage = z.infer<typeof EventMessageSchema>;

/**
 * True when `name` is a method of the contract.
 *
 * @example
 * isMethodName('files.list'); // true
 */
export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

/**
 * True when `name` is a byte-answering call of the contract.
 *
 * @example
 * isByteReadName('volumes.read'); // true
 */
export function isByteReadName(name: string): name is ByteReadName {
  return Object.hasOwn(byteReads, name);
}

/**
 * True when `name` is a byte-sending call of the contract.
 *
 * @example
 * isByteWriteName('snapshots.save'); // true
 */
export function isByteWriteName(name: string): name is ByteWriteName {
  return Object.hasOwn(byteWrites, name);
}

/**
 * True when `name` is an event of the contract.
 *
 * @example
 * isEventName('datasets.opened'); // true
 */
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
