/**
 * The steps every engine shares around its own work: read an image once and fingerprint it, compute
 * Veil's anatomy estimate, and check an output as it lies on disk against the input (the self-check),
 * so the native engine and FSL's are judged by the same code.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { DefaceParameters, FileFingerprint, SelfCheck } from '../api/deface.js';
import { VeilError } from '../api/result.js';
import { fileSystemError } from '../files/fs-errors.js';
import { parseNifti, scaledVoxels, type NiftiImage } from '../nifti/index.js';
import { startRecognizabilityCheck, type RecognizabilityCheckInProgress } from '../recognizability/check-recognizability.js';
import type { ScaledVoxels } from '../volume/volume.js';
import { CancelledError, type CancellationFlag } from './engine.js';
import { defaceVolume, type DefaceComputation, type DefaceStage } from './native/deface-volume.js';
import { buildSelfCheck, type AnatomyEstimate } from './self-check.js';

/** An image read from disk together with the fingerprint of the very bytes that were parsed. */
export interface FingerprintedImage {
  image: NiftiImage;
  fingerprint: FileFingerprint;
}

/**
 * Reads a NIfTI file once: the same bytes are parsed and hashed (sha256) for the provenance record.
 * `recordAs` is the path written into the fingerprint (default: `file`), for a file about to be
 * renamed to its final name.
 *
 * @example
 * const { image, fingerprint } = await readFingerprinted('/data/sub-01_T1w.nii.gz');
 */
export async function readFingerprinted(file: string, recordAs = file): Promise<FingerprintedImage> {
  const [bytes, info] = await Promise.all([readFile(file), stat(file)]).catch((error: unknown) => {
    throw fileSystemError(error, 'read', file);
  });
  const fingerprint = { path: recordAs, sha256: createHash('sha256').update(bytes).digest('hex'), size: info.size, mtimeMs: info.mtimeMs };
  return { image: parseNifti(bytes, recordAs), fingerprint };
}

/**
 * Runs Veil's analysis (head, brain, face, ears, neck) on `volume`, turning its refusals into
 * errors that name `input` and a cancellation into CancelledError.
 *
 * @example
 * const computation = computeDefacePlan(request.input, scaledVoxels(image), request.parameters, cancellation);
 * computation.brainMask; // Veil's brain estimate, 1 = inside
 */
export function computeDefacePlan(
  input: string,
  voxels: ScaledVoxels,
  parameters: DefaceParameters,
  cancellation: CancellationFlag,
  onStage?: (stage: DefaceStage, fraction: number) => void,
): DefaceComputation {
  try {
    return defaceVolume(voxels, parameters, { onProgress: onStage, signal: cancellation });
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw new CancelledError();
    // The engine's own refusals ("no head-like object", "no brain could be found") are about the input.
    if (error instanceof Error) throw new VeilError('BAD_REQUEST', `${input}: ${error.message}`);
    throw error;
  }
}

/**
 * The parts of Veil's analysis the self-check judges an output by; the ears count only when the
 * request asked for them to go.
 *
 * @example
 * const anatomy = anatomyToCheck(computeDefacePlan(input, voxels, parameters, cancellation), parameters);
 */
export function anatomyToCheck(computation: DefaceComputation, parameters: DefaceParameters): AnatomyEstimate {
  return {
    headMask: computation.headMask,
    brainMask: computation.brainMask,
    faceRegion: computation.faceRegion,
    earRegion: parameters.removeEars ? computation.earRegion : null,
  };
}

/**
 * What the written output's header must match: Veil's own writer keeps the input's header bytes;
 * other tools (FSL) rewrite the header (descrip, extensions), so only the datatype must match there
 * (dimensions and orientation are compared by the self-check in both cases).
 */
export type HeaderExpectation = 'byte-identical' | 'same-datatype';

export interface WrittenOutputCheck {
  engine: { name: string; version: string };
  parameters: DefaceParameters;
  input: FingerprintedImage;
  /** The input's voxels as the engine saw them. */
  original: ScaledVoxels;
  /** The output's path as recorded in the self-check. */
  output: string;
  /** Where the output's bytes are now when not yet at `output` (a temporary name about to be renamed). */
  readFrom?: string;
  header: HeaderExpectation;
  /** The scaled value removed voxels carry. */
  fillValue: number;
  anatomy: AnatomyEstimate;
  stagesMs: Record<string, number>;
  /**
   * The recognizability check (face detection on 3D renders of both images), started on the
   * original (startRecognizabilityCheck, with the run's cancellation); null to skip it.
   */
  recognizability: RecognizabilityCheckInProgress | null;
}

/**
 * Reads the output back from disk and builds the self-check against the input, with the
 * recognizability check when asked (its time is recorded as the `recognizability` stage).
 *
 * @example
 * const selfCheck = await checkWrittenOutput({ engine, parameters, input, original, output, header: 'same-datatype', fillValue: 0, anatomy, stagesMs, recognizability: startRecognizabilityCheck(original) });
 */
export async function checkWrittenOutput(check: WrittenOutputCheck): Promise<SelfCheck> {
  const written = await readFingerprinted(check.readFrom ?? check.output, check.output);
  const inputImage = check.input.image;
  let recognizability = null;
  if (check.recognizability) {
    recognizability = await check.recognizability.finish(scaledVoxels(written.image));
    check.stagesMs.recognizability = recognizability.timeMs;
  }
  return buildSelfCheck({
    engine: check.engine,
    parameters: check.parameters,
    input: check.input.fingerprint,
    output: written.fingerprint,
    original: check.original,
    defaced: scaledVoxels(written.image),
    headerUnchanged: check.header === 'byte-identical' ? sameHeaderBytes(inputImage, written.image) : inputImage.datatype === written.image.datatype,
    fillValue: check.fillValue,
    anatomy: check.anatomy,
    warnings: inputImage.warnings,
    timings: { totalMs: 0, stagesMs: check.stagesMs },
    recognizability,
  });
}

/** Another tool's output (FSL's) to judge against its input, all by path: it can cross to a worker. */
export interface ForeignOutputCheck {
  engine: { name: string; version: string };
  parameters: DefaceParameters;
  /** The input as it was fingerprinted before the tool ran (its path is read again). */
  input: FileFingerprint;
  /** The output's path as recorded in the self-check. */
  output: string;
  /** Where the output's bytes are now (a temporary name about to be renamed). */
  readFrom: string;
  stagesMs: Record<string, number>;
  recognizability: boolean;
}

/**
 * Veil's self-check of another tool's output: reads the input again (refusing it if it changed while
 * the tool ran: the check would judge other bytes than the tool read), computes Veil's anatomy
 * estimate on it and checks the output against it. Datatype, not header bytes, must match: such
 * tools rewrite the header; removed voxels must read 0.
 *
 * @example
 * const selfCheck = await checkForeignOutput({ engine: { name: 'fsl', version }, parameters, input: fingerprint, output, readFrom, stagesMs, recognizability: true }, signal);
 */
export async function checkForeignOutput(check: ForeignOutputCheck, cancellation: CancellationFlag): Promise<SelfCheck> {
  const input = await readFingerprinted(check.input.path);
  if (input.fingerprint.sha256 !== check.input.sha256) {
    throw new VeilError('BAD_REQUEST', `${check.input.path} changed while ${check.engine.name} was defacing it; deface it again.`);
  }
  const original = scaledVoxels(input.image);
  // Started before Veil's analysis of the input, which it then overlaps.
  const recognizability = check.recognizability ? startRecognizabilityCheck(original, cancellation) : null;
  try {
    const computation = computeDefacePlan(check.input.path, original, check.parameters, cancellation);
    return await checkWrittenOutput({
      ...check,
      input,
      original,
      header: 'same-datatype',
      fillValue: 0,
      anatomy: anatomyToCheck(computation, check.parameters),
      recognizability,
    });
  } catch (error) {
    await recognizability?.abandon();
    throw error;
  }
}

/** The written file must carry the input's header: same bytes before the voxels, same datatype. */
function sameHeaderBytes(input: NiftiImage, output: NiftiImage): boolean {
  return (
    input.datatype === output.datatype &&
    input.prefix.length === output.prefix.length &&
    input.prefix.every((byte, index) => output.prefix[index] === byte)
  );
}
