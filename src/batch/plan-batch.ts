/**
 * From a dataset scan to a batch plan: which images to deface and where each output goes, and, for
 * every other image, why it is left alone. The plan never overwrites an output without `force`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DatasetScan, ScannedImage } from '../api/contract.js';
import { niftiExtension, outputPathFor, type OutputTarget } from '../datasets/output-paths.js';
import type { BatchState } from './batch-state.js';

export interface PlanOptions {
  target: OutputTarget;
  /** Write uncompressed `.nii` outputs whatever the input (the tutorial gunzips). */
  gunzip: boolean;
  /** Only these subjects (`sub-001`); all when empty. */
  subjects: string[];
  /** Redo images already defaced, stale or failed, and replace existing outputs. */
  force: boolean;
}

export interface BatchPlan {
  jobs: { input: string; output: string; path: string }[];
  skipped: { path: string; reason: string }[];
}

const KIND_REASONS: Record<Exclude<ScannedImage['kind'], 't1'>, string> = {
  anatomical: 'other anatomical (T2w, FLAIR, …): not a T1',
  functional: 'functional: never defaced',
  diffusion: 'diffusion: never defaced',
  'defaced-output': 'a defaced output',
  other: 'not a T1 anatomical',
};

/**
 * Plans a batch over a scanned dataset at `root`; `saved` is the state of an earlier (maybe killed)
 * batch, whose unfinished outputs are Veil's own and may be replaced.
 *
 * @example
 * const plan = planBatch(root, await scanDataset(root), { target: { convention: 'derivatives' }, gunzip: false, subjects: [], force: false }, null);
 */
export function planBatch(root: string, scan: DatasetScan, options: PlanOptions, saved: BatchState | null): BatchPlan {
  const ours = new Map((saved?.jobs ?? []).filter((job) => job.status !== 'done').map((job) => [job.input, job.output]));
  const plan: BatchPlan = { jobs: [], skipped: [] };
  for (const image of scan.images) {
    const skip = (reason: string) => plan.skipped.push({ path: image.path, reason });
    if (options.subjects.length > 0 && !options.subjects.includes(image.subject ?? '')) continue;
    if (image.kind !== 't1') {
      skip(KIND_REASONS[image.kind]);
      continue;
    }
    if (image.location !== 'primary') {
      skip(`in ${image.location}/: not a source image`);
      continue;
    }
    const input = path.join(root, ...image.path.split('/'));
    // A failure recorded by an earlier batch is the runner's to retry (or not: --retry-failed).
    const failedInBatch = image.state === 'failed' && ours.has(input);
    if (!options.force && image.state !== 'not-defaced' && !failedInBatch) {
      skip(
        image.state === 'defaced'
          ? `already defaced (${image.output})`
          : `${image.state}: ${image.reason ?? 'see its self-check'}; use --force to deface it again`,
      );
      continue;
    }
    const extension = options.gunzip ? '.nii' : (niftiExtension(image.path) ?? '.nii');
    const output = outputPathFor(root, image.path, options.target, extension);
    if (existsSync(output) && !options.force && ours.get(input) !== output) {
      skip(`${path.relative(root, output)} exists and is not Veil's; use --force to replace it`);
      continue;
    }
    plan.jobs.push({ input, output, path: image.path });
  }
  return plan;
}
