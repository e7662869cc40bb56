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

/** A point in a view picture, in pixels from its top-left corner. */
const PicturePointSchema = z.tuple([z.number(), z.number()]);

export const DetectedFaceSchema = z.strictObject({
  /** The detector's confidence, 0–1. */
  score: z.number().min(0).max(1),
  /** Where the face is in the view picture, in pixels. */
  box: z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  /** Where the 68-point landmark model put the eyes, the nose and the mouth (centre of each group). */
  landmarks: z.strictObject({ leftEye: PicturePointSchema, rightEye: PicturePointSchema, nose: PicturePointSchema, mouth: PicturePointSchema }),
});
export type DetectedFace = z.infer<typeof DetectedFaceSchema>;

export const ViewDetectionSchema = z.strictObject({
  /** The best score the detector gave anything in the picture, also below the threshold (0: nothing). */
  bestScore: z.number().min(0).max(1),
  /** The faces found at or above the threshold. */
  faces: z.array(DetectedFaceSchema),
});
export type ViewDetection = z.infer<typeof ViewDetectionSchema>;

export const RecognizabilityViewSchema = z.strictObject({
  /** `front`, `left-30`, `right-30`, `left-60`, `right-60` (the subject's left and right). */
  name: z.string(),
  yawDegrees: z.number(),
  /**
   * null: not looked at. The original is the check's control: once one of its views shows a face
   * (the front first, then ±30° and ±60°), its other views are only looked at where the defaced
   * image still shows one.
   */
  original: ViewDetectionSchema.nullable(),
  defaced: ViewDetectionSchema,
  /** Face descriptor distance between the best face on the original and on the defaced picture; null unless both have one. */
  identityDistance: z.number().nonnegative().nullable(),
});
export type RecognizabilityView = z.infer<typeof RecognizabilityViewSchema>;

/**
 * The recognizability check: a face detector run, as an attacker would, on 3D renders of the skin
 * surface of the original and of the defaced image.
 */
export const RecognizabilitySchema = z.strictObject({
  model: z.strictObject({
    /** e.g. `@vladmandic/face-api 1.7.15 ssd_mobilenetv1 + face_landmark_68 + face_recognition`. */
    name: z.string(),
    /** Score at or above which a detection counts as a face (the detector's own default). */
    scoreThreshold: z.number(),
    /** Descriptor distance below which two faces are the same person (the model's usual threshold). */
    identityThreshold: z.number(),
  }),
  /** Render scale: millimetres per pixel and picture size in mm. */
  render: z.strictObject({ pixelMm: z.number().positive(), sizeMm: z.number().positive() }),
  views: z.array(RecognizabilityViewSchema),
  faceFoundOriginal: z.boolean(),
  faceFoundDefaced: z.boolean(),
  /** The best detector score on any defaced view (also below the threshold). */
  maxScoreDefaced: z.number().min(0).max(1),
  /** A face on a defaced view matched the original's face in that view. */
  sameIdentity: z.boolean(),
  /**
   * Wall time from the defaced image to the result. A deface starts the check on its original
   * before (its detections overlap the deface), so this is what the check added to the run.
   */
  timeMs: z.number().nonnegative(),
});
export type Recognizability = z.infer<typeof RecognizabilitySchema>;

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
  /** Face detection on 3D renders; null when it was skipped, absent in sidecars written before it existed. */
  recognizability: RecognizabilitySchema.nullable().optional(),
});
export type SelfCheck = z.infer<typeof SelfCheckSchema>;
