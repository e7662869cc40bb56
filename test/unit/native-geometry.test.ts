/**
 * The building blocks of the native defacing engine, each against an independent answer: run-length
 * connected components, distance queries to a mask (brute force), the icosphere, mesh
 * voxelisation (a sphere's volume), block downsampling, histogram statistics and the face plane.
 */
import { describe, expect, it } from 'vitest';
import { largestSolidComponent } from '../../src/engine/native/components.js';
import { blockFactors, downsampleVolume } from '../../src/engine/native/downsample.js';
import { fitFacePlane, signedDistanceToPlane } from '../../src/engine/native/face-plane.js';
import { buildHistogram, histogramPercentile, otsuThreshold, valueRange } from '../../src/engine/native/histogram.js';
import { createIcosphere } from '../../src/engine/native/icosphere.js';
import { MaskProximity } from '../../src/engine/native/mask-proximity.js';
import { overlapOfRuns, RunCollector, runsToMask, type RowRuns } from '../../src/engine/native/row-runs.js';
import { voxelizeMesh } from '../../src/engine/native/voxelize-mesh.js';
import { volumeVoxels, voxelToWorld } from '../../src/volume/volume.js';

/** The runs of voxels of `mask` equal to `value`, row by row (what the engine builds from intensities or a mesh). */
function rowRuns(mask: Uint8Array, dims: readonly [number, number, number], value: 0 | 1): RowRuns {
  const [nx, ny, nz] = dims;
  const collector = new RunCollector(ny * nz);
  for (let row = 0; row < ny * nz; row++) {
    let start = -1;
    for (let i = 0; i <= nx; i++) {
      const member = i < nx && mask[row * nx + i] === value;
      if (member && start < 0) start = i;
      if (!member && start >= 0) {
        collector.add(start, i);
        start = -1;
      }
    }
    collector.endRow(row);
  }
  return collector.runs();
}

/** A deterministic pseudo-random sequence in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe('largestSolidComponent', () => {
  const dims = [6, 5, 4] as const;
  const at = (i: number, j: number, k: number) => i + 6 * (j + 5 * k);
  const solid = (mask: Uint8Array) => {
    const { runs, voxels } = largestSolidComponent(rowRuns(mask, dims, 0), dims);
    return { mask: runsToMask(runs, dims), voxels };
  };

  it('keeps the largest 6-connected piece (diagonal contact does not join)', () => {
    const mask = new Uint8Array(6 * 5 * 4);
    for (const [i, j, k] of [[0, 0, 0], [1, 0, 0], [2, 0, 0], [2, 1, 0], [2, 1, 1]]) mask[at(i, j, k)] = 1;
    for (const [i, j, k] of [[3, 2, 1], [4, 4, 3]]) mask[at(i, j, k)] = 1; // touch the big piece only diagonally
    const kept = solid(mask);
    expect(kept.voxels).toBe(5);
    expect(kept.mask[at(2, 1, 1)]).toBe(1);
    expect(kept.mask[at(3, 2, 1)]).toBe(0);
    expect(kept.mask.reduce((sum, value) => sum + value, 0)).toBe(5);
  });

  it('fills enclosed cavities but not background open to the border', () => {
    const mask = new Uint8Array(6 * 5 * 4).fill(1);
    mask[at(2, 2, 1)] = 0; // enclosed
    mask[at(2, 2, 2)] = 0; // enclosed, joined to the one above
    mask[at(0, 3, 2)] = 0; // on the border
    mask[at(1, 3, 2)] = 0; // open to the border through its neighbour
    const filled = solid(mask).mask;
    expect([filled[at(2, 2, 1)], filled[at(2, 2, 2)], filled[at(0, 3, 2)], filled[at(1, 3, 2)]]).toEqual([1, 1, 0, 0]);
  });
});

describe('row runs', () => {
  it('count the voxels two masks share', () => {
    const dims = [9, 4, 3] as const;
    const random = seeded(5);
    const [a, b] = [0, 1].map(() => Uint8Array.from({ length: 9 * 4 * 3 }, () => (random() < 0.5 ? 1 : 0)));
    const shared = a.reduce((sum, value, index) => sum + (value & b[index]), 0);
    expect(overlapOfRuns(rowRuns(a, dims, 1), rowRuns(b, dims, 1))).toBe(shared);
    expect([...runsToMask(rowRuns(a, dims, 1), dims)]).toEqual([...a]);
  });
});

describe('MaskProximity', () => {
  it('matches brute force at several radii, with anisotropic voxels', () => {
    const dims = [17, 13, 9] as const;
    const spacing = [1, 1.5, 3] as const;
    const random = seeded(3);
    const mask = new Uint8Array(17 * 13 * 9);
    for (let index = 0; index < mask.length; index++) mask[index] = random() < 0.01 ? 1 : 0;
    const proximity = new MaskProximity(rowRuns(mask, dims, 1), dims, spacing);
    const points: [number, number, number][] = [];
    for (let index = 0; index < mask.length; index++) if (mask[index]) points.push([index % 17, Math.floor(index / 17) % 13, Math.floor(index / 221)]);
    for (const radius of [0, 3, 4.5, 8]) {
      for (let index = 0; index < mask.length; index++) {
        const [i, j, k] = [index % 17, Math.floor(index / 17) % 13, Math.floor(index / 221)];
        const exact = Math.min(...points.map(([pi, pj, pk]) => ((pi - i) * spacing[0]) ** 2 + ((pj - j) * spacing[1]) ** 2 + ((pk - k) * spacing[2]) ** 2));
        expect(proximity.rowWithin(j + 13 * k, radius)[i]).toBe(exact <= radius * radius ? 1 : 0);
      }
    }
  });

  it('finds nothing near an empty mask', () => {
    const proximity = new MaskProximity(rowRuns(new Uint8Array(27), [3, 3, 3], 1), [3, 3, 3], [1, 1, 1]);
    expect([...proximity.rowWithin(4, 5)]).toEqual([0, 0, 0]);
  });
});

describe('createIcosphere', () => {
  it('has 10·4^n + 2 unit vertices, outward triangles and 5–6 neighbours each', () => {
    const sphere = createIcosphere(4);
    expect(sphere.positions.length / 3).toBe(2562);
    expect(sphere.triangles.length / 3).toBe(5120);
    for (let vertex = 0; vertex < 2562; vertex++) {
      const [x, y, z] = sphere.positions.subarray(vertex * 3, vertex * 3 + 3);
      expect(Math.hypot(x, y, z)).toBeCloseTo(1, 12);
      const count = sphere.neighbourStart[vertex + 1] - sphere.neighbourStart[vertex];
      expect(count === 5 || count === 6).toBe(true);
    }
    for (let face = 0; face < sphere.triangles.length; face += 3) {
      const [a, b, c] = [...sphere.triangles.subarray(face, face + 3)].map((vertex) => [...sphere.positions.subarray(vertex * 3, vertex * 3 + 3)]);
      const normal = [
        (b[1] - a[1]) * (c[2] - a[2]) - (b[2] - a[2]) * (c[1] - a[1]),
        (b[2] - a[2]) * (c[0] - a[0]) - (b[0] - a[0]) * (c[2] - a[2]),
        (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]),
      ];
      expect(normal[0] * a[0] + normal[1] * a[1] + normal[2] * a[2]).toBeGreaterThan(0);
    }
  });

  it('extends the coarser sphere: its vertices come first and new ones are midpoints of parents', () => {
    const coarse = createIcosphere(3);
    const fine = createIcosphere(4);
    expect(fine.parents.firstChild).toBe(642);
    expect([...fine.positions.subarray(0, 642 * 3)]).toEqual([...coarse.positions]);
    const [a, b] = fine.parents.pairs;
    const midpoint = [0, 1, 2].map((axis) => (coarse.positions[a * 3 + axis] + coarse.positions[b * 3 + axis]) / 2);
    const length = Math.hypot(...midpoint);
    [0, 1, 2].forEach((axis) => expect(fine.positions[642 * 3 + axis]).toBeCloseTo(midpoint[axis] / length, 12));
  });
});

describe('voxelizeMesh', () => {
  it('fills a sphere with its volume in an oblique, anisotropic, flipped grid', () => {
    const sphere = createIcosphere(4);
    const radius = 30;
    const centre = [4, -7, 12];
    const positions = sphere.positions.map((value, index) => value * radius + centre[index % 3]);
    const angle = (20 * Math.PI) / 180;
    // Voxel axis i → −x (flipped), j and k rotated 20° about x, k spaced 2.5 mm; the grid's
    // centre voxel (39.5, 39.5, 19.5) sits on the sphere's centre.
    const linear = [
      [-1.2, 0, 0],
      [0, 1.1 * Math.cos(angle), -2.5 * Math.sin(angle)],
      [0, 1.1 * Math.sin(angle), 2.5 * Math.cos(angle)],
    ];
    const offset = linear.map((row, axis) => centre[axis] - row[0] * 39.5 - row[1] * 39.5 - row[2] * 19.5);
    const affine = Float64Array.from([...linear[0], offset[0], ...linear[1], offset[1], ...linear[2], offset[2], 0, 0, 0, 1]);
    const dims = [80, 80, 40] as const;
    const runs = voxelizeMesh(positions, sphere.triangles, { dims, affine });
    const mask = runsToMask(runs, dims);
    expect(overlapOfRuns(runs, runs)).toBe(mask.reduce((sum, value) => sum + value, 0));
    const voxelVolume = 1.2 * 1.1 * 2.5;
    const volume = mask.reduce((sum, value) => sum + value, 0) * voxelVolume;
    expect(Math.abs(volume / ((4 / 3) * Math.PI * radius ** 3) - 1)).toBeLessThan(0.02);
    // Every inside voxel is within the sphere (plus half a voxel diagonal).
    for (let index = 0; index < mask.length; index++) {
      if (!mask[index]) continue;
      const [x, y, z] = voxelToWorld(affine, index % 80, Math.floor(index / 80) % 80, Math.floor(index / 6400));
      expect(Math.hypot(x - centre[0], y - centre[1], z - centre[2])).toBeLessThan(radius + 1.6);
    }
  });
});

describe('downsampleVolume', () => {
  it('averages blocks and keeps each coarse voxel at its block centre in the world', () => {
    expect(blockFactors([0.88, 1, 4.8], 2)).toEqual([2, 2, 1]);
    const affine = Float64Array.from([0, 0, 4.8, -80, -1, 0, 0, 120, 0, 1, 0, -100, 0, 0, 0, 1]); // PSR-like
    const dims: [number, number, number] = [5, 4, 3];
    const data = Float32Array.from({ length: 60 }, (_, index) => index);
    const coarse = downsampleVolume(volumeVoxels({ dims, affine, data }), 2);
    expect(coarse.dims).toEqual([3, 2, 3]);
    // Coarse (0, 0, 0) averages fine i ∈ {0, 1}, j ∈ {0, 1} at k = 0.
    expect(coarse.data[0]).toBeCloseTo((0 + 1 + 5 + 6) / 4, 6);
    expect(voxelToWorld(coarse.affine, 0, 0, 0)).toEqual(voxelToWorld(affine, 0.5, 0.5, 0));
    expect(voxelToWorld(coarse.affine, 1, 1, 2)).toEqual(voxelToWorld(affine, 2.5, 2.5, 2));
    // The last, partial block along i holds only i = 4.
    expect(coarse.data[2]).toBeCloseTo((4 + 9) / 2, 6);
  });
});

describe('histogram statistics', () => {
  it('finds percentiles and the Otsu split of two intensity classes in any unit', () => {
    for (const scale of [1, 0.001, 5000]) {
      const random = seeded(11);
      const data = Float32Array.from({ length: 20000 }, (_, index) => (index < 12000 ? random() * 10 : 60 + random() * 20) * scale);
      const [min, max] = valueRange(data);
      const histogram = buildHistogram(data, min, max, 4096);
      expect(histogramPercentile(histogram, 0.5)).toBeCloseTo(8.33 * scale, -Math.log10(scale) + 0);
      const threshold = otsuThreshold(histogram);
      expect(threshold).toBeGreaterThan(10 * scale);
      expect(threshold).toBeLessThan(60 * scale);
    }
  });
});

describe('fitFacePlane', () => {
  /** Vertices of an ellipsoidal "brain": 140 mm wide, 170 long, 120 tall, centred at (0, −10, 15). */
  function ellipsoidBrain(): Float64Array {
    const sphere = createIcosphere(4);
    return sphere.positions.map((value, index) => [0, -10, 15][index % 3] + value * [70, 85, 60][index % 3]);
  }

  it('tilts forwards-down, touches the frontal underside and has every vertex on the brain side', () => {
    const positions = ellipsoidBrain();
    const plane = fitFacePlane(positions);
    expect(plane.normal[0]).toBe(0);
    expect(Math.hypot(...plane.normal)).toBeCloseTo(1, 12);
    const tilt = (Math.atan2(plane.normal[1], -plane.normal[2]) * 180) / Math.PI;
    expect(tilt).toBeGreaterThan(40);
    expect(tilt).toBeLessThan(70);
    expect(plane.point[1]).toBeGreaterThan(40);
    for (let vertex = 0; vertex < positions.length / 3; vertex++) {
      const [x, y, z] = positions.subarray(vertex * 3, vertex * 3 + 3);
      expect(signedDistanceToPlane(plane, x, y, z)).toBeLessThanOrEqual(1e-9);
    }
    // The nose (in front of and below the brain) is on the face side, the forehead is not.
    expect(signedDistanceToPlane(plane, 0, 100, -30)).toBeGreaterThan(10);
    expect(signedDistanceToPlane(plane, 0, 80, 50)).toBeLessThan(0);
  });
});
