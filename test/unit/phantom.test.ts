import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress, hasExtension, isCompressed, isNIFTI, NIFTI2, readHeader, readImage } from 'nifti-reader-js';
import type { NIFTI1 } from 'nifti-reader-js';
import { describe, expect, it } from 'vitest';
import { affineToQform, arrayClassOf, encodeNifti, writeNifti } from '../fixtures/nifti-encode.js';
import type { EncodeNiftiOptions, NiftiDatatype, NiftiVolume } from '../fixtures/nifti-encode.js';
import {
  ANATOMY,
  countLabels,
  generatePhantom,
  orientationDirections,
  TISSUE,
  tissueAtWorld,
  voxelToWorld,
  worldCentroid,
  worldToVoxel,
} from '../fixtures/phantom.js';
import type { Affine, Phantom, PhantomDatatype, PhantomOptions, TissueName, Vec3 } from '../fixtures/phantom.js';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const ALL_DATATYPES: PhantomDatatype[] = ['uint8', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'];


const RANGE: Record<PhantomDatatype, [number, number]> = {
  uint8: [0, 255],
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-3.4e38, 3.4e38],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

/** Independent of the encoder: the NIfTI datatype code and how to read one voxel. */
const DECODE: Record<NiftiDatatype, { code: number; bytes: number; read: (view: DataView, offset: number, le: boolean) => number }> = {
  uint8: { code: 2, bytes: 1, read: (view, offset) => view.getUint8(offset) },
  int8: { code: 256, bytes: 1, read: (view, offset) => view.getInt8(offset) },
  int16: { code: 4, bytes: 2, read: (view, offset, le) => view.getInt16(offset, le) },
  uint16: { code: 512, bytes: 2, read: (view, offset, le) => view.getUint16(offset, le) },
  int32: { code: 8, bytes: 4, read: (view, offset, le) => view.getInt32(offset, le) },
  uint32: { code: 768, bytes: 4, read: (view, offset, le) => view.getUint32(offset, le) },
  float32: { code: 16, bytes: 4, read: (view, offset, le) => view.getFloat32(offset, le) },
  float64: { code: 64, bytes: 8, read: (view, offset, le) => view.getFloat64(offset, le) },
};

const timedBuild = <D extends PhantomDatatype = 'int16'>(options?: PhantomOptions<D>): { phantom: Phantom<D>; ms: number } => {
  const start = performance.now();
  const phantom = generatePhantom(options);
  return { phantom, ms: performance.now() - start };
};

function centroidOf(phantom: Phantom, names: TissueName[], where?: (world: Vec3) => boolean): Vec3 {
  const centroid = worldCentroid(
    phantom,
    names.map((name) => TISSUE[name]),
    where,
  );
  if (centroid === null) throw new Error(`No ${names.join('/')} voxels in the phantom.`);
  return centroid;
}

/** Lookup table: 1 for the labels of `names`. */
function labelSet(names: TissueName[]): Uint8Array {
  const wanted = new Uint8Array(256);
  for (const name of names) wanted[TISSUE[name]] = 1;
  return wanted;
}

/** World-space bounding box of the voxel centres whose label is in `names`. */
function worldExtent(phantom: Phantom, names: TissueName[]): { min: Vec3; max: Vec3 } {
  const wanted = labelSet(names);
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  const [nx, ny, nz] = phantom.dims;
  const a = phantom.affine;
  for (let k = 0, index = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, index++) {
        if (!wanted[phantom.labels[index]]) continue;
        for (let axis = 0; axis < 3; axis++) {
          const world = a[axis][0] * i + a[axis][1] * j + a[axis][2] * k + a[axis][3];
          if (world < min[axis]) min[axis] = world;
          if (world > max[axis]) max[axis] = world;
        }
      }
    }
  }
  return { min, max };
}

/** Brain voxels with a 6-neighbour in `forbidden` (should be none: skull separates them). */
function brainVoxelsTouching(phantom: Phantom, forbidden: Uint8Array): number {
  const [nx, ny, nz] = phantom.dims;
  const slice = nx * ny;
  let touching = 0;
  for (let k = 0, index = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, index++) {
        if (!phantom.brainMask[index]) continue;
        const touches =
          (i > 0 && forbidden[index - 1]) ||
          (i < nx - 1 && forbidden[index + 1]) ||
          (j > 0 && forbidden[index - nx]) ||
          (j < ny - 1 && forbidden[index + nx]) ||
          (k > 0 && forbidden[index - slice]) ||
          (k < nz - 1 && forbidden[index + slice]);
        if (touches) touching++;
      }
    }
  }
  return touching;
}

/** Stored values of the voxels labelled `name`. */
function valuesOf(phantom: Phantom, name: TissueName): number[] {
  const values: number[] = [];
  phantom.labels.forEach((label, index) => {
    if (label === TISSUE[name]) values.push(phantom.data[index]);
  });
  return values;
}

/** Min and max without spreading (large arrays overflow the argument list). */
function extremes(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < values.length; index++) {
    min = Math.min(min, values[index]);
    max = Math.max(max, values[index]);
  }
  return { min, max };
}

function faceOrEar(phantom: Phantom): Uint8Array {
  return phantom.faceMask.map((face, index) => face | phantom.earMask[index]);
}

function columnNorm(affine: Affine, column: number): number {
  return Math.hypot(affine[0][column], affine[1][column], affine[2][column]);
}

function bytesOf(array: ArrayBufferView): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

function decode(bytes: Buffer): { header: NIFTI1 | NIFTI2; file: ArrayBuffer; image: ArrayBuffer } {
  let file = toArrayBuffer(bytes);
  if (isCompressed(file)) file = toArrayBuffer(new Uint8Array(decompress(file)));
  expect(isNIFTI(file)).toBe(true);
  const header = readHeader(file);
  return { header, file, image: readImage(header, file) };
}

function decodeVoxels(image: ArrayBuffer, datatype: NiftiDatatype, littleEndian: boolean): Float64Array {
  const { bytes, read } = DECODE[datatype];
  const view = new DataView(image);
  const values = new Float64Array(image.byteLength / bytes);
  for (let index = 0; index < values.length; index++) values[index] = read(view, index * bytes, littleEndian);
  return values;
}

/** Index of the first differing element, or −1 when the arrays hold the same values. */
function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
  for (let index = 0; index < expected.length; index++) if (actual[index] !== expected[index]) return index;
  return -1;
}

/** The qform matrix rebuilt from the header alone (nifti1.h, method 2), independent of the encoder. */
function qformMatrix(header: NIFTI1 | NIFTI2): number[][] {
  let [b, c, d] = [header.quatern_b, header.quatern_c, header.quatern_d];
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // 180° rotation stored in float32: renormalise (b, c, d) as nifti_quatern_to_mat44 does.
    const norm = Math.sqrt(b * b + c * c + d * d);
    [a, b, c, d] = [0, b / norm, c / norm, d / norm];
  } else {
    a = Math.sqrt(a);
  }
  const rotation = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const qfac = header.pixDims[0] < 0 ? -1 : 1;
  const scale = [header.pixDims[1], header.pixDims[2], qfac * header.pixDims[3]];
  const offset = [header.qoffset_x, header.qoffset_y, header.qoffset_z];
  return [0, 1, 2].map((row) => [...[0, 1, 2].map((column) => rotation[row][column] * scale[column]), offset[row]]);
}

function expectMatrixClose(actual: number[][], expected: Affine, tolerance: number): void {
  for (let row = 0; row < 3; row++) {
    for (let column = 0; column < 4; column++) {
      expect(Math.abs(actual[row][column] - expected[row][column]), `[${row}][${column}]`).toBeLessThanOrEqual(tolerance);
    }
  }
}

const coarse = (options: PhantomOptions<PhantomDatatype> = {}): Phantom =>
  generatePhantom({ voxelSize: [3, 3, 3], ...options });

// ---------------------------------------------------------------------------------------------
// Phantom: anatomy
// ---------------------------------------------------------------------------------------------

describe('generatePhantom: the default 1 mm phantom', () => {
  const { phantom, ms } = timedBuild();

  it('builds quickly on a grid that covers the head, ears and neck', () => {
    expect(ms).toBeLessThan(10_000); // typically ~1.5 s; generous for a loaded CI machine
    const [nx, ny, nz] = phantom.dims;
    expect(nx).toBeGreaterThanOrEqual(190);
    expect(nx).toBeLessThanOrEqual(220);
    expect(ny).toBeGreaterThanOrEqual(230);
    expect(ny).toBeLessThanOrEqual(260);
    expect(nz).toBeGreaterThanOrEqual(215);
    expect(nz).toBeLessThanOrEqual(245);
    expect(phantom.data).toBeInstanceOf(Int16Array);
    expect(phantom.data.length).toBe(nx * ny * nz);
    expect(phantom.labels.length).toBe(nx * ny * nz);
    // The grid's outermost voxels are background (10 mm margin), except the neck at the bottom.
    expect(voxelToWorld(phantom.affine, 0, 0, 0)[2]).toBeCloseTo(-129.5, 0);
  });

  it('contains every tissue', () => {
    const counts = countLabels(phantom);
    for (const name of Object.keys(TISSUE) as TissueName[]) expect(counts[name], name).toBeGreaterThan(0);
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    expect(total).toBe(phantom.labels.length);
  });

  it('has masks that are exactly their labels', () => {
    const brain = labelSet(['brain', 'whiteMatter']);
    const face = labelSet(['eye', 'nose', 'lips']);
    const ear = labelSet(['ear']);
    let mismatches = 0;
    for (let index = 0; index < phantom.labels.length; index++) {
      const label = phantom.labels[index];
      if (phantom.brainMask[index] !== brain[label]) mismatches++;
      if (phantom.faceMask[index] !== face[label]) mismatches++;
      if (phantom.earMask[index] !== ear[label]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('keeps the brain away from the face and ears: no brain voxel has a face or ear 6-neighbour', () => {
    expect(brainVoxelsTouching(phantom, faceOrEar(phantom))).toBe(0);
  });

  it('has adult sizes', () => {
    const brain = worldExtent(phantom, ['brain', 'whiteMatter']);
    const brainSize = [0, 1, 2].map((axis) => brain.max[axis] - brain.min[axis] + 1);
    expect(brainSize[0]).toBeGreaterThan(130);
    expect(brainSize[0]).toBeLessThan(145);
    expect(brainSize[1]).toBeGreaterThan(160);
    expect(brainSize[1]).toBeLessThan(180);
    expect(brainSize[2]).toBeGreaterThan(112);
    expect(brainSize[2]).toBeLessThan(128);
    // Head width at the level of the brain's centre, without the ears.
    const [, cy, cz] = ANATOMY.cranium.center;
    const [, j0, k0] = worldToVoxel(phantom.affine, 0, cy, cz + 20).map(Math.round);
    const row = Array.from({ length: phantom.dims[0] }, (_, i) => phantom.labels[i + phantom.dims[0] * (j0 + phantom.dims[1] * k0)]);
    const headWidth = row.filter((label) => label !== TISSUE.background).length;
    expect(headWidth).toBeGreaterThan(145);
    expect(headWidth).toBeLessThan(170);
  });

  it('labels the world points the anatomy defines, through the affine', () => {
    const probes: [Vec3, number][] = [
      [[0, -10, 15], TISSUE.whiteMatter],
      [[0, -10, 15 + 68 - 3], TISSUE.skull],
      [[32, 80, -10], TISSUE.eye],
      [[-32, 80, -10], TISSUE.eye],
      [[0, 110, -36], TISSUE.nose],
      [[0, 100, -66], TISSUE.lips],
      [[88, -8, -8], TISSUE.ear],
      [[-88, -8, -8], TISSUE.ear],
      [[0, -15, -120], TISSUE.neck],
      [[0, -10, 95], TISSUE.background],
    ];
    for (const [point, expected] of probes) {
      expect(tissueAtWorld(point), `ground truth at ${point}`).toBe(expected);
      const [i, j, k] = worldToVoxel(phantom.affine, ...point).map(Math.round);
      expect(phantom.labels[i + phantom.dims[0] * (j + phantom.dims[1] * k)], `voxel at ${point}`).toBe(expected);
    }
  });

  it('runs the neck down through the bottom of the field of view', () => {
    const [nx, ny] = phantom.dims;
    const bottomSlice = phantom.labels.subarray(0, nx * ny);
    expect(bottomSlice.includes(TISSUE.neck)).toBe(true);
    expect(bottomSlice.includes(TISSUE.brain)).toBe(false);
  });
});

describe('generatePhantom: orientation and obliquity', () => {
  const variants: { name: string; options: PhantomOptions }[] = [
    { name: 'RAS', options: { orientation: 'RAS' } },
    { name: 'PSR (sagittal MPRAGE)', options: { orientation: 'PSR' } },
    { name: 'LPI', options: { orientation: 'LPI' } },
    { name: 'oblique LAS', options: { orientation: 'LAS', obliqueDegrees: { x: 12, y: -8, z: 20 } } },
  ];
  const voxel = 2;
  const built = variants.map(({ name, options }) => ({ name, phantom: generatePhantom({ voxelSize: [voxel, voxel, voxel], ...options }) }));
  const reference = centroidOf(built[0].phantom, ['brain', 'whiteMatter']);

  it.each(built)('$name: face anterior, lips below nose, ears lateral, brain in the same world place', ({ phantom }) => {
    const brain = centroidOf(phantom, ['brain', 'whiteMatter']);
    const brainBox = worldExtent(phantom, ['brain', 'whiteMatter']);
    const brainHalfWidth = (brainBox.max[0] - brainBox.min[0]) / 2;
    const nose = centroidOf(phantom, ['nose']);
    const eyes = centroidOf(phantom, ['eye']);
    const lips = centroidOf(phantom, ['lips']);
    const rightEar = centroidOf(phantom, ['ear'], ([x]) => x > 0);
    const leftEar = centroidOf(phantom, ['ear'], ([x]) => x < 0);

    expect(nose[1]).toBeGreaterThan(brain[1] + 60);
    expect(eyes[1]).toBeGreaterThan(brain[1] + 60);
    expect(eyes[2]).toBeLessThan(brain[2]);
    expect(lips[2]).toBeLessThan(nose[2] - 15);
    expect(lips[1]).toBeGreaterThan(brain[1] + 60);
    expect(rightEar[0]).toBeGreaterThan(brain[0] + brainHalfWidth);
    expect(leftEar[0]).toBeLessThan(brain[0] - brainHalfWidth);
    for (let axis = 0; axis < 3; axis++) expect(Math.abs(brain[axis] - reference[axis])).toBeLessThanOrEqual(2 * voxel);
  });

  it.each(built)('$name: no brain voxel touches the face or ears', ({ phantom }) => {
    expect(brainVoxelsTouching(phantom, faceOrEar(phantom))).toBe(0);
  });

  it.each(['RAS', 'LPS', 'LAS', 'PSR', 'LIP', 'RPI', 'ASL'])('%s: voxel axis n steps toward letter n', (orientation) => {
    const phantom = generatePhantom({ orientation, voxelSize: [3, 2.5, 2], noiseSigma: 0 });
    const expected = orientationDirections(orientation);
    for (let axis = 0; axis < 3; axis++) {
      const step = [0, 1, 2].map((row) => phantom.affine[row][axis] / phantom.voxelSize[axis] + 0); // + 0 turns −0 into 0
      expect(step).toEqual(expected[axis].map((value) => value + 0));
      expect(columnNorm(phantom.affine, axis)).toBeCloseTo(phantom.voxelSize[axis], 12);
    }
  });

  it('covers the whole head in an oblique grid (nothing cut at the grid edges)', () => {
    const phantom = generatePhantom({ voxelSize: [3, 3, 3], obliqueDegrees: { x: 25, y: 15, z: -30 }, orientation: 'PSR' });
    const counts = countLabels(phantom);
    for (const name of Object.keys(TISSUE) as TissueName[]) expect(counts[name], name).toBeGreaterThan(0);
    const [nx, ny, nz] = phantom.dims;
    let edgeHead = 0;
    for (let k = 0, index = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++, index++) {
          const onEdge = i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1;
          const label = phantom.labels[index];
          if (onEdge && label !== TISSUE.background && label !== TISSUE.neck && label !== TISSUE.skin && label !== TISSUE.fat) edgeHead++;
        }
      }
    }
    expect(edgeHead).toBe(0);
  });

  it('maps world → voxel → world exactly on an oblique affine', () => {
    const phantom = generatePhantom({ voxelSize: [3, 3, 3], obliqueDegrees: { x: 10, y: 20, z: 30 }, orientation: 'LIP' });
    const [i, j, k] = worldToVoxel(phantom.affine, 12.5, -40, 33);
    const back = voxelToWorld(phantom.affine, i, j, k);
    expect(back[0]).toBeCloseTo(12.5, 9);
    expect(back[1]).toBeCloseTo(-40, 9);
    expect(back[2]).toBeCloseTo(33, 9);
  });

  it('moves the head with `translate` and keeps the same voxels', () => {
    const still = coarse({ noiseSigma: 0 });
    const moved = coarse({ noiseSigma: 0, translate: [20, -15, 30] });
    expect(moved.dims).toEqual(still.dims);
    expect(firstMismatch(moved.labels, still.labels)).toBe(-1);
    expect(moved.affine[0][3] - still.affine[0][3]).toBeCloseTo(20, 9);
    expect(moved.affine[1][3] - still.affine[1][3]).toBeCloseTo(-15, 9);
    expect(moved.affine[2][3] - still.affine[2][3]).toBeCloseTo(30, 9);
    // The brain's centre, [0, -10, 15] before the shift.
    const [i, j, k] = worldToVoxel(moved.affine, 20, -25, 45).map(Math.round);
    expect(moved.labels[i + moved.dims[0] * (j + moved.dims[1] * k)]).toBe(TISSUE.whiteMatter);
  });

  it.each(['RRA', 'RA', 'RASL', 'RAX', 'LRS', 'SIA', ''])('refuses the invalid orientation %j', (orientation) => {
    expect(() => generatePhantom({ orientation, voxelSize: [3, 3, 3] })).toThrow(/Invalid orientation/);
  });
});

describe('generatePhantom: voxel sizes', () => {
  it('handles anisotropic [1, 1, 4.8] voxels', () => {
    const phantom = generatePhantom({ voxelSize: [1, 1, 4.8] });
    const defaults = coarse();
    const fovZ = defaults.dims[2] * 3;
    expect(Math.abs(phantom.dims[2] * 4.8 - fovZ)).toBeLessThan(4.8 + 3);
    expect(columnNorm(phantom.affine, 2)).toBeCloseTo(4.8, 12);
    expect(brainVoxelsTouching(phantom, faceOrEar(phantom))).toBe(0);
    const counts = countLabels(phantom);
    for (const name of Object.keys(TISSUE) as TissueName[]) expect(counts[name], name).toBeGreaterThan(0);
    expect(centroidOf(phantom, ['nose'])[1]).toBeGreaterThan(centroidOf(phantom, ['brain', 'whiteMatter'])[1] + 60);
  });

  it('handles 3 mm voxels', () => {
    const phantom = coarse();
    expect(phantom.dims.every((size) => size > 60 && size < 90)).toBe(true);
    const counts = countLabels(phantom);
    for (const name of Object.keys(TISSUE) as TissueName[]) expect(counts[name], name).toBeGreaterThan(0);
  });

  it('handles 0.7 mm voxels on a small field of view', () => {
    const phantom = generatePhantom({ voxelSize: [0.7, 0.7, 0.7], fieldOfView: [40, 40, 40], fieldOfViewCenter: [0, -10, 15] });
    expect(phantom.dims).toEqual([58, 58, 58]);
    expect(countLabels(phantom).whiteMatter).toBe(58 ** 3);
    const centre = voxelToWorld(phantom.affine, 28.5, 28.5, 28.5);
    expect(centre[0]).toBeCloseTo(0, 9);
    expect(centre[1]).toBeCloseTo(-10, 9);
    expect(centre[2]).toBeCloseTo(15, 9);
  });

  it('refuses non-positive voxel sizes and a zero slope', () => {
    expect(() => generatePhantom({ voxelSize: [0, 1, 1] })).toThrow(/voxelSize/);
    expect(() => generatePhantom({ voxelSize: [3, 3, 3], sclSlope: 0 })).toThrow(/slope/);
  });
});

describe('generatePhantom: intensities', () => {
  it.each(ALL_DATATYPES)('%s: right typed array, values inside the type range', (datatype) => {
    const phantom = coarse({ datatype, biasField: 0.2 });
    expect(phantom.data).toBeInstanceOf(arrayClassOf(datatype));
    expect(phantom.datatype).toBe(datatype);
    expect(phantom.data.length).toBe(phantom.labels.length);
    const [low, high] = RANGE[datatype];
    const { min, max } = extremes(phantom.data);
    expect(Number.isFinite(max) && Number.isFinite(min)).toBe(true);
    expect(min).toBeGreaterThanOrEqual(Math.max(low, 0));
    expect(max).toBeLessThanOrEqual(high);
    expect(max).toBeGreaterThan(0.8 * phantom.maxIntensity); // fat reaches about the maximum
  });

  it('scales the maximum to the datatype', () => {
    expect(coarse({ datatype: 'int16' }).maxIntensity).toBe(1000);
    expect(coarse({ datatype: 'uint8' }).maxIntensity).toBe(250);
    expect(coarse({ datatype: 'int8' }).maxIntensity).toBe(120);
    expect(coarse({ datatype: 'float32' }).maxIntensity).toBe(1000);
  });

  it('gives every tissue its exact T1 level without noise or bias, and clamps to the type', () => {
    const phantom = coarse({ noiseSigma: 0 });
    const expected: Partial<Record<TissueName, number>> = { whiteMatter: 850, brain: 650, fat: 1000, csf: 150, skull: 80, eye: 200, background: 0 };
    for (const [name, level] of Object.entries(expected) as [TissueName, number][]) {
      expect([...new Set(valuesOf(phantom, name))], name).toEqual([level]);
    }
    const int8 = coarse({ datatype: 'int8', noiseSigma: 0, maxIntensity: 200 });
    expect(extremes(int8.data).max).toBe(127);
  });

  it('stores round((intensity − inter) / slope)', () => {
    const phantom = coarse({ noiseSigma: 0, sclSlope: 0.5, sclInter: 10 });
    const index = phantom.labels.indexOf(TISSUE.whiteMatter);
    expect(phantom.data[index]).toBe(Math.round((850 - 10) / 0.5));
    expect(phantom.data[index] * phantom.sclSlope + phantom.sclInter).toBe(850);
    const bytes = coarse({ datatype: 'uint8', noiseSigma: 0, sclSlope: 4 });
    expect(bytes.data[bytes.labels.indexOf(TISSUE.fat)]).toBe(Math.round(250 / 4));
  });

  it('adds a smooth bias field only where asked', () => {
    const flat = coarse({ noiseSigma: 0, biasField: 0 });
    const biased = coarse({ noiseSigma: 0, biasField: 0.2 });
    expect(new Set(valuesOf(flat, 'whiteMatter')).size).toBe(1);
    const values = valuesOf(biased, 'whiteMatter');
    expect(new Set(values).size).toBeGreaterThan(20);
    expect(extremes(values).min).toBeGreaterThanOrEqual(850 * 0.8 - 1);
    expect(extremes(values).max).toBeLessThanOrEqual(850 * 1.2 + 1);
  });

  it('adds Rician noise of the requested size', () => {
    const phantom = coarse({ noiseSigma: 0.02 });
    const whiteMatter = valuesOf(phantom, 'whiteMatter');
    const mean = whiteMatter.reduce((sum, value) => sum + value, 0) / whiteMatter.length;
    const sd = Math.sqrt(whiteMatter.reduce((sum, value) => sum + (value - mean) ** 2, 0) / whiteMatter.length);
    expect(mean).toBeGreaterThan(845);
    expect(mean).toBeLessThan(855);
    expect(sd).toBeGreaterThan(17);
    expect(sd).toBeLessThan(23);
    // Magnitude noise: the background is positive (Rayleigh), never zero on average.
    const background = valuesOf(phantom, 'background');
    expect(extremes(background).min).toBeGreaterThanOrEqual(0);
    expect(background.reduce((sum, value) => sum + value, 0) / background.length).toBeGreaterThan(15);
  });

  it('is deterministic for a seed and changes with it', () => {
    const first = coarse({ seed: 42, biasField: 0.1 });
    const again = coarse({ seed: 42, biasField: 0.1 });
    const other = coarse({ seed: 43, biasField: 0.1 });
    expect(bytesOf(first.data).equals(bytesOf(again.data))).toBe(true);
    expect(bytesOf(first.data).equals(bytesOf(other.data))).toBe(false);
    expect(firstMismatch(first.labels, other.labels)).toBe(-1);
  });
});

// ---------------------------------------------------------------------------------------------
// NIfTI encoder, checked with nifti-reader-js
// ---------------------------------------------------------------------------------------------

describe('encodeNifti', () => {
  const phantom = coarse();
  const volume: NiftiVolume = { ...phantom, descrip: 'Veil synthetic head phantom', intentName: 'phantom' };

  it('writes a NIfTI-1 header that nifti-reader-js reads back field by field', () => {
    const bytes = encodeNifti(volume);
    const { header } = decode(bytes);
    expect(header).not.toBeInstanceOf(NIFTI2);
    expect(new DataView(toArrayBuffer(bytes)).getInt32(0, true)).toBe(348);
    expect(bytes.subarray(344, 348)).toEqual(Buffer.from('n+1\0', 'latin1'));
    expect(header.littleEndian).toBe(true);
    expect(header.dims).toEqual([3, ...phantom.dims, 1, 1, 1, 1]);
    expect(header.datatypeCode).toBe(4);
    expect(header.numBitsPerVoxel).toBe(16);
    expect(header.pixDims.slice(1, 4)).toEqual(phantom.voxelSize);
    expect(header.vox_offset).toBe(352);
    expect(header.scl_slope).toBe(1);
    expect(header.scl_inter).toBe(0);
    expect(header.xyzt_units).toBe(10);
    expect(header.cal_min).toBe(0);
    expect(header.cal_max).toBe(0);
    expect(header.qform_code).toBe(1);
    expect(header.sform_code).toBe(1);
    expect(header.description).toBe('Veil synthetic head phantom');
    expect(header.intent_name).toBe('phantom');
    expect(hasExtension(header)).toBe(false);
    expect([...bytes.subarray(348, 352)]).toEqual([0, 0, 0, 0]);
    expect(bytes.length).toBe(352 + phantom.data.byteLength);
    expectMatrixClose(header.affine, phantom.affine, 1e-4);
  });

  it('writes scl_slope / scl_inter and the other datatypes', () => {
    for (const datatype of ALL_DATATYPES) {
      const scaled = coarse({ datatype, sclSlope: 0.5, sclInter: -3 });
      const { header, image } = decode(encodeNifti(scaled));
      expect(header.datatypeCode, datatype).toBe(DECODE[datatype].code);
      expect(header.numBitsPerVoxel, datatype).toBe(DECODE[datatype].bytes * 8);
      expect(header.scl_slope).toBe(0.5);
      expect(header.scl_inter).toBe(-3);
      expect(firstMismatch(decodeVoxels(image, datatype, true), scaled.data), datatype).toBe(-1);
    }
  });

  it.each([
    { name: 'RAS', options: { orientation: 'RAS' } },
    { name: 'LPS', options: { orientation: 'LPS' } },
    { name: 'LAS (improper)', options: { orientation: 'LAS' } },
    { name: 'PSR', options: { orientation: 'PSR' } },
    { name: 'LIP', options: { orientation: 'LIP' } },
    { name: 'oblique RAS', options: { orientation: 'RAS', obliqueDegrees: { x: 10, y: -5, z: 15 } } },
    { name: 'oblique LPS', options: { orientation: 'LPS', obliqueDegrees: { x: 20 } } },
    { name: 'oblique PSR', options: { orientation: 'PSR', obliqueDegrees: { x: -7, y: 11, z: 3 } } },
    { name: 'oblique anisotropic ASL', options: { orientation: 'ASL', voxelSize: [2, 3, 4] as Vec3, obliqueDegrees: { y: 30 } } },
  ])('$name: the sform is the affine and the qform reproduces it', ({ options }) => {
    const oriented = coarse({ noiseSigma: 0, ...options });
    for (const version of [1, 2] as const) {
      const { header } = decode(encodeNifti(oriented, { version }));
      const tolerance = version === 1 ? 1e-4 : 1e-9;
      expectMatrixClose(header.affine, oriented.affine, tolerance);
      expectMatrixClose(qformMatrix(header), oriented.affine, 1e-4);
      const determinant = affineDeterminant(oriented.affine);
      expect(Math.sign(header.pixDims[0])).toBe(Math.sign(determinant));
    }
  });

  it('derives qfac = −1 and a 180° quaternion for a radiological (LAS) affine', () => {
    const qform = affineToQform([
      [-2, 0, 0, 90],
      [0, 2, 0, -126],
      [0, 0, 2, -72],
      [0, 0, 0, 1],
    ]);
    expect(qform.qfac).toBe(-1);
    expect([qform.quaternB, qform.quaternC, qform.quaternD]).toEqual([0, 1, 0]);
    expect(qform.qoffset).toEqual([90, -126, -72]);
  });

  it.each(ALL_DATATYPES)('%s: voxels read back identical in both byte orders', (datatype) => {
    const source = coarse({ datatype });
    for (const littleEndian of [true, false]) {
      for (const version of [1, 2] as const) {
        const { header, image } = decode(encodeNifti(source, { littleEndian, version }));
        expect(header.littleEndian).toBe(littleEndian);
        expect(firstMismatch(decodeVoxels(image, datatype, littleEndian), source.data), `${datatype} le=${littleEndian} v${version}`).toBe(-1);
      }
    }
  });

  it('swaps every header field in big-endian files', () => {
    const little = decode(encodeNifti(volume, { littleEndian: true })).header;
    const bigBytes = encodeNifti(volume, { littleEndian: false });
    const big = decode(bigBytes).header;
    expect(new DataView(toArrayBuffer(bigBytes)).getInt32(0, false)).toBe(348);
    expect(big.littleEndian).toBe(false);
    for (const field of ['dims', 'pixDims', 'datatypeCode', 'numBitsPerVoxel', 'vox_offset', 'scl_slope', 'scl_inter', 'xyzt_units', 'qform_code', 'sform_code', 'quatern_b', 'quatern_c', 'quatern_d', 'qoffset_x', 'qoffset_y', 'qoffset_z', 'affine', 'description', 'intent_name'] as const) {
      expect(big[field], field).toEqual(little[field]);
    }
  });

  it('writes NIfTI-2 with its 540-byte header, int64 dims and float64 fields', () => {
    for (const littleEndian of [true, false]) {
      const bytes = encodeNifti(volume, { version: 2, littleEndian });
      const { header } = decode(bytes);
      expect(header).toBeInstanceOf(NIFTI2);
      expect(new DataView(toArrayBuffer(bytes)).getInt32(0, littleEndian)).toBe(540);
      expect(bytes.subarray(4, 12)).toEqual(Buffer.from('n+2\0\r\n\x1a\n', 'latin1'));
      expect(header.littleEndian).toBe(littleEndian);
      expect(header.dims).toEqual([3, ...phantom.dims, 1, 1, 1, 1]);
      expect(header.vox_offset).toBe(544);
      expect(header.xyzt_units).toBe(10);
      expect(header.description).toBe('Veil synthetic head phantom');
      expect(header.intent_name).toBe('phantom');
      expect(bytes.length).toBe(544 + phantom.data.byteLength);
      expectMatrixClose(header.affine, phantom.affine, 1e-12);
    }
  });

  it('gzips on request', () => {
    const plain = encodeNifti(volume);
    const zipped = encodeNifti(volume, { gzip: true });
    expect(isCompressed(toArrayBuffer(zipped))).toBe(true);
    expect(zipped.length).toBeLessThan(plain.length);
    expect(gunzipSync(zipped).equals(plain)).toBe(true);
    const { header, image } = decode(zipped);
    expect(header.dims.slice(1, 4)).toEqual(phantom.dims);
    expect(firstMismatch(decodeVoxels(image, 'int16', true), phantom.data)).toBe(-1);
  });

  it.each([
    { version: 1 as const, littleEndian: true, headerBytes: 348 },
    { version: 1 as const, littleEndian: false, headerBytes: 348 },
    { version: 2 as const, littleEndian: true, headerBytes: 540 },
    { version: 2 as const, littleEndian: false, headerBytes: 540 },
  ])('writes extensions padded to 16 bytes (NIfTI-$version, littleEndian=$littleEndian)', ({ version, littleEndian, headerBytes }) => {
    const comment = new Uint8Array(Buffer.from('hello'));
    const blob = Uint8Array.from({ length: 30 }, (_, index) => index + 1);
    const options: EncodeNiftiOptions = { version, littleEndian, extensions: [{ code: 6, data: comment }, { code: 4, data: blob }] };
    const bytes = encodeNifti(volume, options);
    const { header, image } = decode(bytes);
    const expectedOffset = headerBytes + 4 + 16 + 48;
    expect([...bytes.subarray(headerBytes, headerBytes + 4)]).toEqual([1, 0, 0, 0]);
    expect(header.vox_offset).toBe(expectedOffset);
    expect(hasExtension(header)).toBe(true);
    expect(header.extensions.map((extension) => [extension.esize, extension.ecode])).toEqual([
      [16, 6],
      [48, 4],
    ]);
    const first = new Uint8Array(header.extensions[0].edata);
    expect([...first]).toEqual([...comment, 0, 0, 0]);
    const second = new Uint8Array(header.extensions[1].edata);
    expect([...second]).toEqual([...blob, ...new Array<number>(10).fill(0)]);
    expect(firstMismatch(decodeVoxels(image, 'int16', littleEndian), phantom.data)).toBe(-1);
  });

  it('writes 4D volumes', () => {
    const dims = [4, 3, 2, 5];
    const data = Float32Array.from({ length: 4 * 3 * 2 * 5 }, (_, index) => index * 0.25 - 3);
    const series: NiftiVolume = { dims, voxelSize: [2, 2, 3, 1.5], affine: phantom.affine, datatype: 'float32', data };
    for (const version of [1, 2] as const) {
      const { header, image } = decode(encodeNifti(series, { version, littleEndian: false }));
      expect(header.dims).toEqual([4, 4, 3, 2, 5, 1, 1, 1]);
      expect(header.pixDims.slice(1, 5)).toEqual([2, 2, 3, 1.5]);
      expect(firstMismatch(decodeVoxels(image, 'float32', false), data)).toBe(-1);
    }
  });

  it('accepts a flat row-major Float64Array affine and honours sform/qform codes', () => {
    const flat = Float64Array.from(phantom.affine.flat());
    const { header } = decode(encodeNifti({ ...volume, affine: flat }, { sformCode: 0, qformCode: 2 }));
    expect(header.sform_code).toBe(0);
    expect(header.qform_code).toBe(2);
    // With sform_code 0 the reader falls back to the qform.
    expectMatrixClose(header.affine, phantom.affine, 1e-4);
  });

  it('refuses what it cannot write faithfully', () => {
    expect(() => encodeNifti({ ...volume, descrip: 'x'.repeat(80) })).toThrow(/descrip/);
    expect(() => encodeNifti({ ...volume, intentName: 'x'.repeat(16) })).toThrow(/intentName/);
    expect(() => encodeNifti({ ...volume, data: phantom.data.subarray(1) })).toThrow(/need/);
    expect(() => encodeNifti({ ...volume, datatype: 'float32' })).toThrow(/Float32Array/);
    expect(() => encodeNifti({ ...volume, dims: [40000, 1, 1], data: new Int16Array(40000) })).toThrow(/version 2/);
    expect(encodeNifti({ ...volume, dims: [40000, 1, 1], data: new Int16Array(40000) }, { version: 2 }).length).toBe(544 + 80000);
  });

  it('writeNifti writes the same bytes, gzipped for .nii.gz', () => {
    const directory = mkdtempSync(join(tmpdir(), 'veil-phantom-'));
    try {
      writeNifti(join(directory, 'head.nii'), volume);
      writeNifti(join(directory, 'head.nii.gz'), volume, { version: 2 });
      expect(readFileSync(join(directory, 'head.nii')).equals(encodeNifti(volume))).toBe(true);
      const zipped = readFileSync(join(directory, 'head.nii.gz'));
      expect([zipped[0], zipped[1]]).toEqual([0x1f, 0x8b]);
      expect(gunzipSync(zipped).equals(encodeNifti(volume, { version: 2 }))).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

function affineDeterminant(affine: Affine): number {
  const [[a, b, c], [d, e, f], [g, h, m]] = affine;
  return a * (e * m - f * h) - b * (d * m - f * g) + c * (d * h - e * g);
}
