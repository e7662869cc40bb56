/**
 * The native defacing engine on synthetic heads with ground-truth labels: the face (eyes, nose,
 * lips) and the ears go, the brain stays, in every storage orientation, voxel size and intensity
 * encoding; the run is deterministic, reports its stages in order, can be cancelled, and refuses
 * inputs that hold no head.
 */
import { describe, expect, it } from 'vitest';
import { DEFACE_STAGES, defaceVolume } from '../../src/engine/native/deface-volume.js';
import type { DefaceOptions, DefaceStage } from '../../src/engine/native/deface-volume.js';
import { fitBrainSurface } from '../../src/engine/native/brain-surface.js';
import { NECK_GAP_MM } from '../../src/engine/native/neck.js';
import { parseNifti, scaledVoxels, toVolume } from '../../src/nifti/index.js';
import { volumeVoxels, type ScaledVoxels, type Volume } from '../../src/volume/volume.js';
import { encodeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom, TISSUE } from '../fixtures/phantom.js';
import type { Phantom, PhantomOptions } from '../fixtures/phantom.js';

const DEFAULTS: DefaceOptions = { removeEars: true, marginMm: 10, removeNeck: false };

interface PhantomCase {
  phantom: Phantom;
  /** As the engine reads a file: stored values and their scaling, through the NIfTI reader. */
  voxels: ScaledVoxels;
  /** The same as scaled Float32 intensities. */
  volume: Volume;
}

function phantomVolume(options: PhantomOptions): PhantomCase {
  const phantom = generatePhantom(options);
  const image = parseNifti(encodeNifti(phantom), 'phantom.nii');
  return { phantom, voxels: scaledVoxels(image), volume: toVolume(image) };
}

/** Share (0…1) of the voxels with one of `labels` that the removal mask takes. */
function removedShare(phantom: Phantom, removal: Uint8Array, labels: readonly number[]): number {
  const isMember = new Uint8Array(256);
  for (const label of labels) isMember[label] = 1;
  let total = 0;
  let removed = 0;
  for (let index = 0; index < removal.length; index++) {
    if (isMember[phantom.labels[index]] === 0) continue;
    total++;
    removed += removal[index];
  }
  expect(total).toBeGreaterThan(0);
  return removed / total;
}

function overlap(a: Uint8Array, b: Uint8Array): number {
  let count = 0;
  for (let index = 0; index < a.length; index++) count += a[index] & b[index];
  return count;
}

function sum(mask: Uint8Array): number {
  return overlap(mask, mask);
}

/** Removed tissue (not air) voxels whose head-local position (world minus the phantom's shift) passes `where`. */
function removedTissueWhere(phantom: Phantom, removal: Uint8Array, where: (x: number, y: number, z: number) => boolean): number {
  const [nx, ny, nz] = phantom.dims;
  const [[a, b, c, d0], [e, f, g, h0], [m, n, o, p0]] = phantom.affine;
  const [d, h, p] = [d0 - phantom.translate[0], h0 - phantom.translate[1], p0 - phantom.translate[2]];
  let count = 0;
  for (let k = 0, index = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, index++) {
        if (removal[index] === 0 || phantom.labels[index] === TISSUE.background) continue;
        if (where(a * i + b * j + c * k + d, e * i + f * j + g * k + h, m * i + n * j + o * k + p)) count++;
      }
    }
  }
  return count;
}

const QUALITY_CASES: [string, PhantomOptions][] = [
  ['RAS 2 mm', { orientation: 'RAS', voxelSize: [2, 2, 2] }],
  ['LAS 3 mm (radiological)', { orientation: 'LAS', voxelSize: [3, 3, 3] }],
  ['PSR 3 mm (sagittal slices)', { orientation: 'PSR', voxelSize: [3, 3, 3] }],
  ['LPI 3 mm (every axis flipped)', { orientation: 'LPI', voxelSize: [3, 3, 3] }],
  ['RAS 3 mm, oblique 15°/5°/10°', { orientation: 'RAS', voxelSize: [3, 3, 3], obliqueDegrees: { x: 15, y: 5, z: 10 } }],
  ['RAS 1 mm', { orientation: 'RAS', voxelSize: [1, 1, 1] }],
  ['PSR 1 × 1 × 4.8 mm (thick sagittal slices)', { orientation: 'PSR', voxelSize: [1, 1, 4.8] }],
  ['uint8 with 40 grey levels, 30 percent bias, 5 percent noise', { voxelSize: [2, 2, 2], datatype: 'uint8', maxIntensity: 40, biasField: 0.3, noiseSigma: 0.05 }],
  ['float32 scaled to 0.003, moved 20 mm off-centre', { voxelSize: [3, 3, 3], datatype: 'float32', maxIntensity: 0.003, translate: [20, -15, 10] }],
];

describe('defaceVolume on phantoms', () => {
  it.each(QUALITY_CASES)('%s: removes at least 99 percent of eyes, nose, lips and ears, and no brain', (_name, options) => {
    const { phantom, voxels } = phantomVolume(options);
    const result = defaceVolume(voxels, DEFAULTS);

    expect(removedShare(phantom, result.removalMask, [TISSUE.eye])).toBeGreaterThanOrEqual(0.99);
    expect(removedShare(phantom, result.removalMask, [TISSUE.nose])).toBeGreaterThanOrEqual(0.99);
    expect(removedShare(phantom, result.removalMask, [TISSUE.lips])).toBeGreaterThanOrEqual(0.99);
    expect(removedShare(phantom, result.removalMask, [TISSUE.ear])).toBeGreaterThanOrEqual(0.99);
    expect(overlap(result.removalMask, phantom.brainMask)).toBe(0);
    expect(overlap(result.removalMask, result.brainMask)).toBe(0);

    // The cutting plane tilts forwards-down and touches the underside of the frontal lobe.
    const { normal, point } = result.facePlane;
    expect(normal[0]).toBe(0);
    expect(normal[1]).toBeGreaterThan(0.5);
    expect(normal[2]).toBeLessThan(-0.3);
    expect(point[1] - phantom.translate[1]).toBeGreaterThan(40);
    expect(point[2] - phantom.translate[2]).toBeLessThan(0);

    // The forehead (above z = 20 mm; the eyes' tops are at 2 mm), the top of the head and the back
    // of the head between the ears stay.
    expect(removedTissueWhere(phantom, result.removalMask, (x, _y, z) => z > 20 && Math.abs(x) < 60)).toBe(0);
    expect(removedTissueWhere(phantom, result.removalMask, (_x, _y, z) => z > 35)).toBe(0);
    expect(removedTissueWhere(phantom, result.removalMask, (x, y, z) => y < -60 && z > -40 && Math.abs(x) < 50)).toBe(0);

    // The engine's own brain estimate covers the true brain and stays inside the skull.
    expect(overlap(result.brainMask, phantom.brainMask) / sum(phantom.brainMask)).toBeGreaterThan(0.94);
    expect(removedShare(phantom, result.brainMask, [TISSUE.skin, TISSUE.fat, TISSUE.eye, TISSUE.nose, TISSUE.ear])).toBe(0);
    // The face and ear estimates the self-check uses are where the face and ears are.
    expect(removedShare(phantom, result.faceRegion, [TISSUE.nose, TISSUE.lips])).toBeGreaterThan(0.99);
    expect(removedShare(phantom, result.earRegion, [TISSUE.ear])).toBeGreaterThan(0.9);
  });

  it('is deterministic and leaves the input untouched', () => {
    const { voxels } = phantomVolume({ voxelSize: [3, 3, 3] });
    const before = voxels.stored.slice();
    const first = defaceVolume(voxels, DEFAULTS);
    const second = defaceVolume(voxels, DEFAULTS);
    expect(Buffer.from(second.removalMask).equals(Buffer.from(first.removalMask))).toBe(true);
    expect(Buffer.from(second.brainMask).equals(Buffer.from(first.brainMask))).toBe(true);
    expect(Buffer.from(second.headMask).equals(Buffer.from(first.headMask))).toBe(true);
    expect(second.facePlane).toEqual(first.facePlane);
    expect(voxels.stored).toEqual(before);
  });

  it('gives the same answer from stored values as from Float32 intensities', () => {
    for (const options of [{ voxelSize: [3, 3, 3] }, { voxelSize: [3, 3, 3], datatype: 'uint8', maxIntensity: 40 }, { voxelSize: [3, 3, 3], datatype: 'float32', maxIntensity: 0.003 }] as PhantomOptions[]) {
      const { voxels, volume } = phantomVolume(options);
      const fromStored = defaceVolume(voxels, DEFAULTS);
      const fromFloat32 = defaceVolume(volumeVoxels(volume), DEFAULTS);
      expect(Buffer.from(fromStored.removalMask).equals(Buffer.from(fromFloat32.removalMask)), options.datatype).toBe(true);
      expect(Buffer.from(fromStored.headMask).equals(Buffer.from(fromFloat32.headMask)), options.datatype).toBe(true);
    }
  });
});

describe('fitBrainSurface', () => {
  it('reads everything below the crop as the background without changing the volume', () => {
    const { volume } = phantomVolume({ voxelSize: [2, 2, 2], obliqueDegrees: { x: 10 } });
    const before = Float32Array.from(volume.data);
    // A crop through the brain, so that the surface samples around it.
    const headTopZ = 150;
    const surface = fitBrainSurface(volume, { headTopZ });
    expect(Buffer.from(volume.data.buffer).equals(Buffer.from(before.buffer))).toBe(true);
    const a = volume.affine;
    const [nx, ny] = volume.dims;
    const background = volume.data.reduce((low, value) => Math.min(low, value), Infinity);
    const cropped = volume.data.map((value, index) => {
      const [i, j, k] = [index % nx, Math.floor(index / nx) % ny, Math.floor(index / (nx * ny))];
      return a[9] * j + a[10] * k + a[11] + a[8] * i >= headTopZ - 170 ? value : background;
    });
    expect(cropped.some((value, index) => value !== volume.data[index])).toBe(true);
    const onCroppedCopy = fitBrainSurface({ ...volume, data: cropped }, { headTopZ });
    expect([...surface.positions]).toEqual([...onCroppedCopy.positions]);
  });
});

describe('defaceVolume options', () => {
  it('keeps the ears when asked, still estimating them, and removes the neck when asked', () => {
    const { phantom, voxels } = phantomVolume({ voxelSize: [3, 3, 3] });
    const result = defaceVolume(voxels, { removeEars: false, marginMm: 10, removeNeck: true });
    expect(removedShare(phantom, result.removalMask, [TISSUE.ear])).toBeLessThan(0.05);
    expect(sum(result.earRegion)).toBeGreaterThan(0);
    expect(removedShare(phantom, result.removalMask, [TISSUE.nose, TISSUE.lips])).toBeGreaterThanOrEqual(0.99);

    let lowestBrainZ = Infinity;
    for (let vertex = 2; vertex < result.brainSurface.positions.length; vertex += 3) lowestBrainZ = Math.min(lowestBrainZ, result.brainSurface.positions[vertex]);
    const neckFloor = lowestBrainZ - NECK_GAP_MM;
    expect(removedTissueWhere(phantom, result.removalMask, (_x, _y, z) => z < neckFloor - 2)).toBeGreaterThan(0);
    expect(removedShare(phantom, result.removalMask, [TISSUE.neck])).toBeGreaterThan(0.5);
    expect(overlap(result.removalMask, phantom.brainMask)).toBe(0);
  });

  it('removes less with a larger margin, and only a subset', () => {
    const { voxels } = phantomVolume({ voxelSize: [3, 3, 3] });
    const near = defaceVolume(voxels, { ...DEFAULTS, marginMm: 5 }).removalMask;
    const far = defaceVolume(voxels, { ...DEFAULTS, marginMm: 20 }).removalMask;
    expect(sum(far)).toBeLessThan(sum(near));
    expect(overlap(far, near)).toBe(sum(far));
  });

  it.each([-1, 51, Number.NaN])('refuses marginMm %s', (marginMm) => {
    const { voxels } = phantomVolume({ voxelSize: [3, 3, 3] });
    expect(() => defaceVolume(voxels, { ...DEFAULTS, marginMm })).toThrow(/marginMm/);
  });
});

describe('defaceVolume progress and cancellation', () => {
  it('reports every stage in order, each from 0 to 1', () => {
    const { voxels } = phantomVolume({ voxelSize: [3, 3, 3] });
    const events: [DefaceStage, number][] = [];
    defaceVolume(voxels, DEFAULTS, { onProgress: (stage, fraction) => events.push([stage, fraction]) });
    const order = events.map(([stage]) => stage).filter((stage, index, all) => index === 0 || all[index - 1] !== stage);
    expect(order).toEqual([...DEFACE_STAGES]);
    for (const stage of DEFACE_STAGES) {
      const fractions = events.filter(([name]) => name === stage).map(([, fraction]) => fraction);
      expect(fractions[0]).toBe(0);
      expect(fractions.at(-1)).toBe(1);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    }
    expect(events.filter(([stage]) => stage === 'brain-surface').length).toBeGreaterThan(5);
  });

  it('throws an AbortError when the signal is already aborted', () => {
    const { voxels } = phantomVolume({ voxelSize: [3, 3, 3] });
    const controller = new AbortController();
    controller.abort();
    expect(() => defaceVolume(voxels, DEFAULTS, { signal: controller.signal })).toThrow(expect.objectContaining({ name: 'AbortError' }));
  });

  it('stops inside the brain-surface fit when aborted there, and reports no later stage', () => {
    const { voxels } = phantomVolume({ voxelSize: [3, 3, 3] });
    const controller = new AbortController();
    const stages: DefaceStage[] = [];
    let thrown: unknown;
    try {
      defaceVolume(voxels, DEFAULTS, {
        signal: controller.signal,
        onProgress: (stage, fraction) => {
          stages.push(stage);
          if (stage === 'brain-surface' && fraction > 0.2) controller.abort();
        },
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).name).toBe('AbortError');
    expect(stages.filter((stage) => stage === 'brain-surface').length).toBeLessThan(8);
    expect(stages).not.toContain('face');
  });
});

describe('defaceVolume on inputs without a head', () => {
  const dims: [number, number, number] = [64, 72, 64];
  const affine = Float64Array.from([2.5, 0, 0, -80, 0, 2.5, 0, -90, 0, 0, 2.5, -80, 0, 0, 0, 1]);

  /** A volume whose voxel at world (x, y, z) holds `intensity(x, y, z)`, plus seeded jitter. */
  function syntheticVolume(intensity: (x: number, y: number, z: number) => number): Volume {
    const data = new Float32Array(dims[0] * dims[1] * dims[2]);
    let state = 12345;
    const jitter = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    for (let k = 0, index = 0; k < dims[2]; k++) {
      for (let j = 0; j < dims[1]; j++) {
        for (let i = 0; i < dims[0]; i++, index++) data[index] = intensity(2.5 * i - 80, 2.5 * j - 90, 2.5 * k - 80) + jitter();
      }
    }
    return { dims, affine, data };
  }

  it.each([
    ['an all-zero volume', () => ({ dims, affine, data: new Float32Array(dims[0] * dims[1] * dims[2]) }), /empty/],
    ['a constant volume', () => ({ dims, affine, data: new Float32Array(dims[0] * dims[1] * dims[2]).fill(7) }), /empty/],
    ['pure noise', () => syntheticVolume(() => 0), /No (head-like object|brain)/],
    ['a 2 cm cube', () => syntheticVolume((x, y, z) => (Math.max(Math.abs(x), Math.abs(y), Math.abs(z)) < 10 ? 100 : 0)), /No head-like object/],
    ['a uniform ball the size of a head', () => syntheticVolume((x, y, z) => (Math.hypot(x, y, z) < 75 ? 100 : 0)), /No head-like object/],
  ] as [string, () => Volume, RegExp][])('refuses %s with a clear error', (_name, make, message) => {
    expect(() => defaceVolume(volumeVoxels(make()), DEFAULTS)).toThrow(message);
  });

  it('refuses a volume whose dims do not match its voxels', () => {
    expect(() => defaceVolume(volumeVoxels({ dims: [10, 10, 10], affine, data: new Float32Array(999) }), DEFAULTS)).toThrow(/malformed/);
  });
});
