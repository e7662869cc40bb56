/**
 * Veil's native engine as a DefaceEngine: read the image, compute what to remove (native/), write
 * the defaced copy atomically, read it back from disk, self-check it, write the sidecar and the QC
 * pictures. Runs inside the engine worker (worker/native-worker.ts).
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { DefaceParameters, FileFingerprint } from '../api/deface.js';
import { VeilError } from '../api/result.js';
import { backgroundStoredValue, parseNifti, toVolume, writeNiftiAtomic, type NiftiImage } from '../nifti/index.js';
import { fileSystemError } from '../files/fs-errors.js';
import { maskImageLike } from '../nifti/mask-image.js';
import { VEIL_VERSION } from '../paths.js';
import type { Volume } from '../volume/volume.js';
import { CancelledError, type CancellationFlag, type DefaceEngine, type DefaceOutcome, type DefaceProgress, type DefaceRequest } from './engine.js';
import { defaceVolume, type DefaceComputation } from './native/deface-volume.js';
import { writeQcPictures } from './qc-pictures.js';
import { buildSelfCheck } from './self-check.js';
import { sidecarPathFor, writeSidecar } from './sidecar.js';

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

  const { image, input } = await timed('read', async () => {
    // Read the bytes once: they are both parsed and fingerprinted (sha256) for the provenance record.
    const [bytes, info] = await Promise.all([readFile(request.input), stat(request.input)]).catch((error: unknown) => {
      throw fileSystemError(error, 'read', request.input);
    });
    return { image: parseNifti(bytes, request.input), input: fingerprint(request.input, bytes, info) };
  });
  const original = toVolume(image);
  const computation = computeRemoval(request.input, original, request.parameters, cancellation, report);
  Object.assign(stagesMs, computation.timingsMs);
  delete stagesMs.total;

  const fillStored = backgroundStoredValue(image, original);
  await timed('write', async () => {
    const stored = image.stored.slice();
    computation.removalMask.forEach((removed, index) => {
      if (removed) stored[index] = fillStored;
    });
    if (cancellation.aborted) throw new CancelledError();
    await writeNiftiAtomic(request.output, image, stored);
    if (request.maskOut) await writeNiftiAtomic(request.maskOut, ...maskImageLike(image, computation.removalMask));
    if (request.brainOut) await writeNiftiAtomic(request.brainOut, ...maskImageLike(image, computation.brainMask));
  });

  const selfCheck = await timed('self-check', async () => {
    const [writtenBytes, writtenInfo] = await Promise.all([readFile(request.output), stat(request.output)]);
    const written = parseNifti(writtenBytes, request.output);
    return buildSelfCheck({
      engine: { name: NATIVE_ENGINE_NAME, version: VEIL_VERSION },
      parameters: request.parameters,
      input,
      output: fingerprint(request.output, writtenBytes, writtenInfo),
      original,
      defaced: toVolume(written),
      headerUnchanged: sameHeader(image, written),
      fillValue: fillStored * image.sclSlope + image.sclInter,
      anatomy: {
        headMask: computation.headMask,
        brainMask: computation.brainMask,
        faceRegion: computation.faceRegion,
        earRegion: request.parameters.removeEars ? computation.earRegion : null,
      },
      warnings: image.warnings,
      timings: { totalMs: 0, stagesMs },
    });
  });

  const qcPictures = request.qcPngPrefix
    ? await timed('qc-pictures', () => writeQcPictures(request.qcPngPrefix ?? '', original, computation.headMask, computation.removalMask))
    : [];
  selfCheck.timings.totalMs = performance.now() - started;
  const sidecar = sidecarPathFor(request.output);
  await writeSidecar(sidecar, selfCheck);
  return { selfCheck, sidecar, qcPictures };
}

function computeRemoval(
  input: string,
  volume: Volume,
  parameters: DefaceParameters,
  cancellation: CancellationFlag,
  report: (stage: string, fraction: number) => void,
): DefaceComputation {
  try {
    return defaceVolume(volume, parameters, { onProgress: report, signal: cancellation });
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw new CancelledError();
    // The engine's own refusals ("no head-like object", "no brain could be found") are about the input.
    if (error instanceof Error) throw new VeilError('BAD_REQUEST', `${input}: ${error.message}`);
    throw error;
  }
}

/** The written file must carry the input's header: same bytes before the voxels, same datatype. */
function sameHeader(input: NiftiImage, output: NiftiImage): boolean {
  return (
    input.datatype === output.datatype &&
    input.prefix.length === output.prefix.length &&
    input.prefix.every((byte, index) => output.prefix[index] === byte)
  );
}

function fingerprint(path: string, bytes: Uint8Array, info: Stats): FileFingerprint {
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: info.size, mtimeMs: info.mtimeMs };
}
