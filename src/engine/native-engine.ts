/**
 * Veil's native engine as a DefaceEngine: read the image, compute what to remove (native/), write
 * the defaced copy under a hidden temporary name, read it back from disk, self-check it, then
 * publish it by renaming and write the sidecar and the QC pictures. Runs inside the engine worker
 * (worker/native-worker.ts).
 */
import { rename, rm } from 'node:fs/promises';
import { backgroundStoredValue, scaledVoxels, writeNiftiPending } from '../nifti/index.js';
import { maskImageLike } from '../nifti/mask-image.js';
import { VEIL_VERSION } from '../paths.js';
import { startRecognizabilityCheck } from '../recognizability/check-recognizability.js';
import { CancelledError, type CancellationFlag, type DefaceEngine, type DefaceOutcome, type DefaceProgress, type DefaceRequest } from './engine.js';
import { writeQcPictures } from './qc-pictures.js';
import { sidecarPathFor, writeSidecar } from './sidecar.js';
import { anatomyToCheck, checkWrittenOutput, computeDefacePlan, readFingerprinted } from './verify-output.js';

export const NATIVE_ENGINE_NAME = 'veil-native';

/** Share of the run each stage takes, measured on a 1 mm head (brain surface fit dominates). */
const STAGE_WEIGHTS: Record<string, number> = {
  read: 0.1,
  'head-mask': 0.1,
  'brain-surface': 0.4,
  face: 0.05,
  ears: 0.05,
  neck: 0.05,
  write: 0.1,
  'self-check': 0.1,
  'qc-pictures': 0.05,
};

/** Reports progress as a fraction of the whole run, over the stages that this run will go through. */
function progressReporter(onProgress: (progress: DefaceProgress) => void, stages: string[]): (stage: string, fraction: number) => void {
  const total = stages.reduce((sum, name) => sum + (STAGE_WEIGHTS[name] ?? 0), 0);
  return (stage, fraction) => {
    const before = stages.slice(0, stages.indexOf(stage)).reduce((sum, name) => sum + (STAGE_WEIGHTS[name] ?? 0), 0);
    onProgress({ stage, fraction: Math.min(1, (before + (STAGE_WEIGHTS[stage] ?? 0) * fraction) / total) });
  };
}

/**
 * The native engine: always available, versioned with Veil.
 *
 * @example
 * const outcome = await nativeEngine.run(request, console.log, new AbortController().signal);
 */
export const nativeEngine: DefaceEngine = {
  name: NATIVE_ENGINE_NAME,
  detect: async () => ({ available: true, version: VEIL_VERSION }),
  run: runNativeDeface,
};

async function runNativeDeface(
  request: DefaceRequest,
  onProgress: (progress: DefaceProgress) => void,
  cancellation: CancellationFlag,
): Promise<DefaceOutcome> {
  const started = performance.now();
  const stagesMs: Record<string, number> = {};
  const stages = Object.keys(STAGE_WEIGHTS).filter((stage) => stage !== 'qc-pictures' || request.qcPngPrefix);
  const report = progressReporter(onProgress, stages);
  const timed = async <T>(stage: string, work: () => T | Promise<T>): Promise<T> => {
    if (cancellation.aborted) throw new CancelledError();
    report(stage, 0);
    const stageStart = performance.now();
    const value = await work();
    stagesMs[stage] = performance.now() - stageStart;
    report(stage, 1);
    return value;
  };

  const input = await timed('read', () => readFingerprinted(request.input));
  const { image } = input;
  // The analysis and the self-check read the stored values: no Float32 copy of the image is made.
  const voxels = scaledVoxels(image);
  // The recognizability check starts on the original now: its worker detects faces on the original
  // while this thread defaces (measured in `npm run bench`: what the check adds to a deface).
  const recognizability = request.skipRecognizability ? null : startRecognizabilityCheck(voxels, cancellation);
  const fillStored = backgroundStoredValue(image);
  // Everything is written under hidden temporary names and published (renamed) only once the
  // self-check passed through: a run that fails or is cancelled before (the recognizability check
  // stops within a detection) leaves no output behind, and an earlier output stays as it was.
  const pending: { temporary: string; final: string; published: boolean }[] = [];
  try {
    const computation = computeDefacePlan(request.input, voxels, request.parameters, cancellation, report);
    Object.assign(stagesMs, computation.timingsMs);
    delete stagesMs.total;

    const defacedTemporary = await timed('write', async () => {
      if (cancellation.aborted) throw new CancelledError();
      const { removalMask } = computation;
      const defaced = await writeNiftiPending(request.output, image, image.stored, (voxels) => {
        for (let index = 0; index < removalMask.length; index++) if (removalMask[index]) voxels[index] = fillStored;
      });
      pending.push({ temporary: defaced, final: request.output, published: false });
      if (request.maskOut) pending.push({ temporary: await writeNiftiPending(request.maskOut, ...maskImageLike(image, computation.removalMask)), final: request.maskOut, published: false });
      if (request.brainOut) pending.push({ temporary: await writeNiftiPending(request.brainOut, ...maskImageLike(image, computation.brainMask)), final: request.brainOut, published: false });
      return defaced;
    });

    const selfCheck = await timed('self-check', () =>
      checkWrittenOutput({
        engine: { name: NATIVE_ENGINE_NAME, version: VEIL_VERSION },
        parameters: request.parameters,
        input,
        original: voxels,
        output: request.output,
        readFrom: defacedTemporary,
        header: 'byte-identical',
        fillValue: fillStored * image.sclSlope + image.sclInter,
        anatomy: anatomyToCheck(computation, request.parameters),
        stagesMs,
        recognizability,
      }),
    );
    if (cancellation.aborted) throw new CancelledError();

    for (const file of pending) {
      await rename(file.temporary, file.final);
      file.published = true;
    }
    const qcPictures = request.qcPngPrefix
      ? await timed('qc-pictures', () => writeQcPictures(request.qcPngPrefix ?? '', image, computation.headMask, computation.removalMask))
      : [];
    selfCheck.timings.totalMs = performance.now() - started;
    const sidecar = sidecarPathFor(request.output);
    await writeSidecar(sidecar, selfCheck);
    return { selfCheck, sidecar, qcPictures };
  } catch (error) {
    // The check stops (it may still be waiting for the defaced image). Not yet published: the
    // temporary files go. Published but left without its sidecar: an output without its self-check
    // is not a result, so it goes too.
    await recognizability?.abandon();
    await Promise.all(pending.map((file) => rm(file.published ? file.final : file.temporary, { force: true })));
    throw error;
  }
}
