/**
 * What a deface run reports: its parameters and the self-check that proves (or refutes) that the face
 * and ears are gone and the brain is untouched. The same object is the JSON sidecar next to every
 * output, the `--json` answer of `veil deface`, and what the Compare view shows.
 */
import { z } from 'zod';

export const DefaceParametersSchema = z.strictObject({
  /** Remove the outer ears too (de-earing). */
  removeEars: z.boolean(),
  /** Safety margin between the brain surface and the face cut, in mm. */
  marginMm: z.number().min(0).max(40),
  /** Remove the neck below the head. */
  removeNeck: z.boolean(),
});
export type DefaceParameters = z.infer<typeof DefaceParametersSchema>;

export const DEFAULT_DEFACE_PARAMETERS: DefaceParameters = { removeEars: true, marginMm: 10, removeNeck: false };

export const VerdictSchema = z.enum(['pass', 'warn', 'fail']);
export type Verdict = z.infer<typeof VerdictSchema>;

export const FileFingerprintSchema = z.strictObject({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Size and modification time when fingerprinted: a scan compares these first, and hashes only when they differ. */
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
});
export type FileFingerprint = z.infer<typeof FileFingerprintSchema>;

export const SelfCheckSchema = z.strictObject({
  schema: z.literal('veil.deface.self-check/1'),
  verdict: VerdictSchema,
  /** Why the verdict is not `pass` (empty when it is). */
  reasons: z.array(z.string()),
  engine: z.strictObject({ name: z.string(), version: z.string() }),
  parameters: DefaceParametersSchema,
  input: FileFingerprintSchema,
  output: FileFingerprintSchema,
  /** Dimensions, datatype and affine of the output equal the input's. */
  geometryUnchanged: z.boolean(),
  /** Voxels of Veil's brain estimate whose value changed (must be 0). */
  brainVoxelsChanged: z.number().int().nonnegative(),
  brainVoxels: z.number().int().nonnegative(),
  /** Share of Veil's estimate of the face region (eyes, nose, mouth, chin) that was removed. */
  faceRegionRemovedFraction: z.number().min(0).max(1),
  /** Share of Veil's estimate of the outer ears that was removed; null when de-earing was not asked for. */
  earRegionRemovedFraction: z.number().min(0).max(1).nullable(),
  /** Tissue removed (changed voxels inside Veil's head mask), in ml; air cleared in front of the face is not counted. */
  removedVolumeMl: z.number().nonnegative(),
  /** Problems met on the way that did not stop the run (e.g. NaN voxels replaced). */
  warnings: z.array(z.string()),
  timings: z.strictObject({ totalMs: z.number().nonnegative(), stagesMs: z.record(z.string(), z.number().nonnegative()) }),
  createdAt: z.string(),
});
export type SelfCheck = z.infer<typeof SelfCheckSchema>;
