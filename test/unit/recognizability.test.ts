/**
 * The recognizability check: the skin-surface renderer does not depend on how the head is stored,
 * the face detector finds the phantom's face, a deface that removes only the nose fails while Veil's
 * own deface passes, the verdict rules, and old sidecars without the check still validate.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SelfCheckSchema, type Recognizability, type RecognizabilityView } from '../../src/api/deface.js';
import { defaceVolume } from '../../src/engine/native/deface-volume.js';
import { readNifti, toVolume } from '../../src/nifti/index.js';
import { prepareSurface, renderSurface } from '../../src/qc/surface-render.js';
import { checkRecognizability, checkRecognizabilityWithPictures, startRecognizabilityCheck } from '../../src/recognizability/check-recognizability.js';
import { detectFaces } from '../../src/recognizability/detect-faces.js';
import { loadFaceModels } from '../../src/recognizability/face-model.js';
import { extractHeadSurface, faceViewCenter } from '../../src/recognizability/head-surface.js';
import { recognizabilityPictures } from '../../src/recognizability/pictures.js';
import { locateFaces } from '../../src/recognizability/ssd-detector.js';
import { recognizabilityFindings } from '../../src/recognizability/verdict.js';
import { volumeVoxels, type Volume } from '../../src/volume/volume.js';
import { generatePhantom, TISSUE, type PhantomOptions } from '../fixtures/phantom.js';
import { PROJECT_ROOT, requireBuild } from '../support/built-app.js';

/** Detection runs take 0.2–1 s each on the 2-core machine; a whole check runs ten of them. */
const CHECK_TIMEOUT_MS = 120_000;

// The check looks at the defaced image's views on a worker thread, which runs the built JavaScript.
beforeAll(requireBuild);

function phantomVolume(options: PhantomOptions = {}): { volume: Volume; labels: Uint8Array } {
  const phantom = generatePhantom({ voxelSize: [1.5, 1.5, 1.5], ...options });
  const data = Float32Array.from(phantom.data as ArrayLike<number>, (value) => value * phantom.sclSlope + phantom.sclInter);
  return { volume: { dims: [...phantom.dims], affine: Float64Array.from(phantom.affine.flat()), data }, labels: phantom.labels };
}

function frontRender(volume: Volume, yawDegrees = 0) {
  const head = extractHeadSurface(volumeVoxels(volume));
  return renderSurface(prepareSurface(head.field, head.near), { yawDegrees, center: faceViewCenter(head) });
}

describe('the skin-surface renderer', () => {
  it('renders the same head the same way whether it is stored RAS, LPS or PSR', () => {
    const [ras, lps, psr] = ['RAS', 'LPS', 'PSR'].map((orientation) => frontRender(phantomVolume({ orientation, noiseSigma: 0 }).volume));
    const head = ras.pixels.filter((value) => value > 0).length;
    expect(head).toBeGreaterThan(0.3 * ras.pixels.length);
    for (const other of [lps, psr]) {
      let silhouetteDiffers = 0, shadeDifference = 0, both = 0;
      for (let index = 0; index < ras.pixels.length; index++) {
        const [a, b] = [ras.pixels[index], other.pixels[index]];
        if ((a > 0) !== (b > 0)) silhouetteDiffers++;
        else if (a > 0) {
          both++;
          shadeDifference += Math.abs(a - b);
        }
      }
      // Same silhouette to within a pixel's rim, same shading on average to within 2 of 255 levels.
      expect(silhouetteDiffers / head).toBeLessThan(0.01);
      expect(shadeDifference / both).toBeLessThan(2);
    }
  });
});

describe('face detection on renders', () => {
  it('finds the phantom’s face from the front, and no face on the back of its head', async () => {
    const { volume } = phantomVolume();
    const front = await detectFaces(frontRender(volume, 0));
    const back = await detectFaces(frontRender(volume, 180));
    expect(front.detection.faces).toHaveLength(1);
    expect(front.detection.faces[0].score).toBeGreaterThanOrEqual(0.5);
    const [face] = front.detection.faces;
    // The subject's left eye is on the picture's right, above the nose, above the mouth.
    expect(face.landmarks.leftEye[0]).toBeGreaterThan(face.landmarks.rightEye[0]);
    expect(face.landmarks.nose[1]).toBeGreaterThan(face.landmarks.leftEye[1]);
    expect(face.landmarks.mouth[1]).toBeGreaterThan(face.landmarks.nose[1]);
    expect(back.detection.faces).toEqual([]);
  }, CHECK_TIMEOUT_MS);

  it('gives the scores and boxes face-api’s own detector gives (folded, fused network), and refuses a picture that is not square', async () => {
    const faceapi = await loadFaceModels();
    const { volume } = phantomVolume();
    for (const yawDegrees of [0, 60]) {
      const { width, height, pixels } = frontRender(volume, yawDegrees);
      const picture = faceapi.tf.tensor3d(Int32Array.from({ length: pixels.length * 3 }, (_, index) => pixels[Math.floor(index / 3)]), [height, width, 3], 'int32');
      const theirs = await faceapi.detectAllFaces(picture, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.05 }));
      const ours = await locateFaces(faceapi, picture, 0.05);
      picture.dispose();
      expect(theirs.length).toBeGreaterThan(0);
      expect(ours).toHaveLength(theirs.length);
      ours.forEach((face, index) => {
        expect(face.score).toBeCloseTo(theirs[index].score, 4);
        for (const key of ['x', 'y', 'width', 'height'] as const) expect(face.box[key]).toBeCloseTo(theirs[index].box[key], 2);
      });
    }
    const oblong = faceapi.tf.zeros([256, 128, 3], 'int32') as Parameters<typeof locateFaces>[1];
    await expect(locateFaces(faceapi, oblong, 0.05)).rejects.toThrow(/square pictures; this one is 128 × 256/);
    oblong.dispose();
  }, CHECK_TIMEOUT_MS);

  it('fails a deface that removed only the nose, and passes Veil’s own deface', async () => {
    const { volume, labels } = phantomVolume();
    const noseOnly = { ...volume, data: volume.data.map((value, index) => (labels[index] === TISSUE.nose ? 0 : value)) };
    const underDefaced = await checkRecognizability(volumeVoxels(volume), volumeVoxels(noseOnly));
    expect(underDefaced.faceFoundOriginal).toBe(true);
    expect(underDefaced.faceFoundDefaced).toBe(true);
    expect(underDefaced.maxScoreDefaced).toBeGreaterThanOrEqual(0.5);
    expect(recognizabilityFindings(underDefaced).failures.join(' ')).toMatch(/still finds a face/);
    // Wherever the defaced image still shows a face, the original was looked at and the two faces compared.
    for (const view of underDefaced.views.filter((candidate) => candidate.defaced.faces.length > 0)) {
      expect(view.original, view.name).not.toBeNull();
      if ((view.original?.faces.length ?? 0) > 0) expect(view.identityDistance, view.name).not.toBeNull();
    }

    const removal = defaceVolume(volumeVoxels(volume), { removeEars: true, marginMm: 10, removeNeck: false }).removalMask;
    const defaced = { ...volume, data: volume.data.map((value, index) => (removal[index] ? 0 : value)) };
    const veil = await checkRecognizabilityWithPictures(volumeVoxels(volume), volumeVoxels(defaced));
    expect(veil.result.faceFoundOriginal).toBe(true);
    expect(veil.result.faceFoundDefaced).toBe(false);
    expect(recognizabilityFindings(veil.result)).toEqual({ failures: [], doubts: [] });
    // The original is the control: a face on its front is all the check needs of it; every defaced view is looked at.
    expect(veil.result.views[0].original?.faces.length).toBeGreaterThan(0);
    expect(veil.result.views.slice(1).map((view) => view.original)).toEqual([null, null, null, null]);
    expect(veil.result.views.every((view) => view.defaced.faces.length === 0)).toBe(true);

    // The pictures for the report: one PNG per view, also of the original's views the check skipped.
    const pictures = recognizabilityPictures(veil);
    expect(pictures.map((picture) => picture.view)).toEqual(['front', 'left-30', 'right-30', 'left-60', 'right-60']);
    for (const picture of pictures) expect(picture.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    for (const { original } of veil.pictures) expect(original.pixels.some((value) => value > 0)).toBe(true);
  }, CHECK_TIMEOUT_MS);

  it('can be cancelled, and the next check runs', async () => {
    const { volume } = phantomVolume();
    // Read when the check looks, like the engine worker's shared flag: a timer on this thread could
    // not fire while the check keeps the thread busy.
    const cancelAt = performance.now() + 300;
    const signal = { get aborted() { return performance.now() > cancelAt; } };
    const check = checkRecognizability(volumeVoxels(volume), volumeVoxels(volume), signal);
    await expect(check).rejects.toMatchObject({ name: 'AbortError' });
    // The worker is not left waiting on the cancelled check's board: it takes the next one.
    const again = await checkRecognizability(volumeVoxels(volume), volumeVoxels(volume));
    expect(again.faceFoundDefaced).toBe(true);
  }, CHECK_TIMEOUT_MS);
});

describe('the check started before the defaced image exists (as a deface runs it)', () => {
  it('gives the result the one-call check gives', async () => {
    const { volume } = phantomVolume();
    const defaced = defaceVolume(volumeVoxels(volume), { removeEars: true, marginMm: 10, removeNeck: false }).removalMask;
    const defacedVolume: Volume = { ...volume, data: volume.data.map((value, index) => (defaced[index] ? 0 : value)) };
    const started = startRecognizabilityCheck(volumeVoxels(volume));
    const early = await started.finish(volumeVoxels(defacedVolume));
    const once = await checkRecognizability(volumeVoxels(volume), volumeVoxels(defacedVolume));
    expect(early.faceFoundOriginal).toBe(true);
    expect({ ...early, timeMs: 0 }).toEqual({ ...once, timeMs: 0 });
  }, CHECK_TIMEOUT_MS);

  it('stops its worker when abandoned (the deface failed), and the next check runs', async () => {
    const { volume } = phantomVolume();
    const started = startRecognizabilityCheck(volumeVoxels(volume));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Resolves once the worker has stopped: it waits for the defaced pictures no more.
    await started.abandon();
    await expect(started.finish(volumeVoxels(volume))).rejects.toThrow();
    const again = await checkRecognizability(volumeVoxels(volume), volumeVoxels(volume));
    expect(again.faceFoundDefaced).toBe(true);
  }, CHECK_TIMEOUT_MS);
});

const DATA_ROOT = path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
const REAL_HEAD = path.join(DATA_ROOT, 't1', 'niivue-demo-images_T1_head_ext2.nii.gz');
const realHeadAvailable = existsSync(REAL_HEAD);

describe.skipIf(!realHeadAvailable)(`a real head${realHeadAvailable ? '' : ` (skipped: ${REAL_HEAD} is absent)`}`, () => {
  it('fails when only the nose is removed (a 25 mm ball around the most anterior point of the head)', async () => {
    const original = toVolume(await readNifti(REAL_HEAD));
    const noseOnly = removeBallAroundNoseTip(original, 25);
    const result = await checkRecognizability(volumeVoxels(original), volumeVoxels(noseOnly));
    expect(result.faceFoundOriginal).toBe(true);
    expect(result.faceFoundDefaced).toBe(true);
    expect(recognizabilityFindings(result).failures.length).toBeGreaterThan(0);
  }, CHECK_TIMEOUT_MS);
});

/** The image with a ball removed around its most anterior bright voxel (the nose tip on a full face). */
function removeBallAroundNoseTip(volume: Volume, radiusMm: number): Volume {
  const [nx, ny, nz] = volume.dims;
  const a = volume.affine;
  const world = (i: number, j: number, k: number) => [0, 1, 2].map((row) => a[row * 4] * i + a[row * 4 + 1] * j + a[row * 4 + 2] * k + a[row * 4 + 3]);
  const head = extractHeadSurface(volumeVoxels(volume));
  const threshold = head.field.iso;
  let tip = [0, Number.NEGATIVE_INFINITY, 0];
  for (let k = 0, index = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, index++) {
    if (volume.data[index] <= threshold) continue;
    const point = world(i, j, k);
    if (point[1] > tip[1]) tip = point;
  }
  const data = volume.data.slice();
  for (let k = 0, index = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, index++) {
    const point = world(i, j, k);
    if (Math.hypot(point[0] - tip[0], point[1] - tip[1], point[2] - tip[2]) < radiusMm) data[index] = 0;
  }
  return { ...volume, data };
}

function view(name: string, original: number, defaced: number, identityDistance: number | null = null): RecognizabilityView {
  const face = (score: number) => ({ score, box: { x: 0, y: 0, width: 10, height: 10 }, landmarks: { leftEye: [0, 0] as [number, number], rightEye: [0, 0] as [number, number], nose: [0, 0] as [number, number], mouth: [0, 0] as [number, number] } });
  return {
    name,
    yawDegrees: 0,
    original: { bestScore: original, faces: original >= 0.5 ? [face(original)] : [] },
    defaced: { bestScore: defaced, faces: defaced >= 0.5 ? [face(defaced)] : [] },
    identityDistance,
  };
}

function result(views: RecognizabilityView[]): Recognizability {
  return {
    model: { name: 'test', scoreThreshold: 0.5, identityThreshold: 0.6 },
    render: { pixelMm: 1, sizeMm: 256 },
    views,
    faceFoundOriginal: views.some((v) => (v.original?.faces.length ?? 0) > 0),
    faceFoundDefaced: views.some((v) => v.defaced.faces.length > 0),
    maxScoreDefaced: Math.max(0, ...views.map((v) => v.defaced.bestScore)),
    sameIdentity: views.some((v) => v.identityDistance !== null && v.identityDistance < 0.6),
    timeMs: 1,
  };
}

describe('the recognizability verdict', () => {
  it('passes when a face is found on the original and none on the defaced image', () => {
    expect(recognizabilityFindings(result([view('front', 0.9, 0.2), view('left-30', 0.4, 0.1)]))).toEqual({ failures: [], doubts: [] });
  });

  it('fails when a face is found on a defaced view, naming the view and the score, and again when it is the same person', () => {
    const findings = recognizabilityFindings(result([view('front', 0.9, 0.3), view('left-30', 0.8, 0.55, 0.41)]));
    expect(findings.failures).toHaveLength(2);
    expect(findings.failures[0]).toMatch(/left-30; best score 0\.55/);
    expect(findings.failures[1]).toMatch(/same person/);
  });

  it('warns, saying the check proves nothing, when no face is found on the original either', () => {
    const findings = recognizabilityFindings(result([view('front', 0.3, 0.1)]));
    expect(findings.failures).toEqual([]);
    expect(findings.doubts[0]).toMatch(/no face on the renders of the original.*proves nothing/);
  });

  it('keeps sidecars written before the check readable (no field) and accepts a skipped check (null)', () => {
    const sidecar = {
      schema: 'veil.deface.self-check/1',
      verdict: 'pass',
      reasons: [],
      engine: { name: 'veil-native', version: '0.1.0' },
      parameters: { removeEars: true, marginMm: 10, removeNeck: false },
      input: { path: '/in.nii', sha256: 'a'.repeat(64), size: 1, mtimeMs: 1 },
      output: { path: '/out.nii', sha256: 'b'.repeat(64), size: 1, mtimeMs: 1 },
      geometryUnchanged: true,
      brainVoxelsChanged: 0,
      brainVoxels: 10,
      faceRegionRemovedFraction: 1,
      earRegionRemovedFraction: 1,
      removedVolumeMl: 1,
      warnings: [],
      timings: { totalMs: 1, stagesMs: {} },
      createdAt: '2026-11-25T00:00:00.000Z',
    };
    expect(SelfCheckSchema.safeParse(sidecar).success).toBe(true);
    expect(SelfCheckSchema.safeParse({ ...sidecar, recognizability: null }).success).toBe(true);
    expect(SelfCheckSchema.safeParse({ ...sidecar, recognizability: result([view('front', 0.9, 0.1)]) }).success).toBe(true);
  });
});
