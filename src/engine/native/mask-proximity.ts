/**
 * Which voxels lie within a given distance (mm, Euclidean, anisotropic voxels allowed) of a mask,
 * answered one grid row at a time and only for the rows asked about. A voxel (i, j, k) is within r
 * of the mask when a row (j + Δj, k + Δk) with (Δj·sj)² + (Δk·sk)² ≤ r² has a run of mask voxels
 * that comes within √(r² − that)/si voxels of i; a row's answer is the union of those widened runs.
 *
 * Why not a distance transform of the whole volume: the face and ear zones only ask near the
 * brain's underside and sides, and the transform (a Float32 array the size of the image, three
 * passes over the brain's bounding box) took 250–300 ms of a 1 mm run; these row queries take a
 * few ms and no image-sized memory.
 */
import type { Dims } from './grid.js';
import type { RowRuns } from './row-runs.js';

/** The rows around a row that a radius reaches, and how far along i it reaches in each. */
interface Neighbourhood {
  dj: Int32Array;
  dk: Int32Array;
  /** Largest |Δi| (voxels) within the radius at that row offset. */
  reach: Int32Array;
  /** The last answered row and its answer (reused between calls). */
  row: number;
  within: Uint8Array;
}

/**
 * Distance queries against a fixed mask, given as its runs.
 *
 * @example
 * const nearBrain = new MaskProximity(voxelizeMesh(surface.positions, surface.triangles, grid), dims, spacing);
 * const within = nearBrain.rowWithin(j + ny * k, 10); // within[i] === 1: voxel (i, j, k) is ≤ 10 mm from the brain
 */
export class MaskProximity {
  private readonly neighbourhoods = new Map<number, Neighbourhood>();
  /** Difference array of the widened runs of one row (+1 where one starts, −1 one past its end). */
  private readonly coverage: Int32Array;

  constructor(
    private readonly runs: RowRuns,
    private readonly dims: Dims,
    private readonly spacing: readonly [number, number, number],
  ) {
    this.coverage = new Int32Array(dims[0] + 1);
  }

  /**
   * Row `row` (= j + ny·k): 1 where the voxel centre is at most `radiusMm` from a mask voxel's
   * centre. The array is reused: it holds this answer until the next call with the same radius.
   *
   * @example
   * if (nearBrain.rowWithin(row, marginMm)[i] === 0) removal[index] = 1;
   */
  rowWithin(row: number, radiusMm: number): Uint8Array {
    const neighbourhood = this.neighbourhood(radiusMm);
    if (neighbourhood.row === row) return neighbourhood.within;
    const nx = this.dims[0];
    const ny = this.dims[1];
    const nz = this.dims[2];
    const { rowStart, first, end } = this.runs;
    const { dj, dk, reach, within } = neighbourhood;
    const coverage = this.coverage;
    coverage.fill(0);
    const j = row % ny;
    const k = (row - j) / ny;
    for (let n = 0; n < reach.length; n++) {
      const jj = j + dj[n];
      const kk = k + dk[n];
      if (jj < 0 || jj >= ny || kk < 0 || kk >= nz) continue;
      const other = jj + ny * kk;
      for (let run = rowStart[other]; run < rowStart[other + 1]; run++) {
        coverage[Math.max(0, first[run] - reach[n])]++;
        coverage[Math.min(nx, end[run] + reach[n])]--;
      }
    }
    let depth = 0;
    for (let i = 0; i < nx; i++) {
      depth += coverage[i];
      within[i] = depth > 0 ? 1 : 0;
    }
    neighbourhood.row = row;
    return within;
  }

  private neighbourhood(radiusMm: number): Neighbourhood {
    const known = this.neighbourhoods.get(radiusMm);
    if (known) return known;
    const [si, sj, sk] = this.spacing;
    const radiusSquared = radiusMm * radiusMm;
    const dj: number[] = [];
    const dk: number[] = [];
    const reach: number[] = [];
    // One more row each way than the radius alone allows: the float32 rounding below can admit it.
    const kReach = Math.floor(radiusMm / sk) + 1;
    const jReach = Math.floor(radiusMm / sj) + 1;
    for (let k = -kReach; k <= kReach; k++) {
      for (let j = -jReach; j <= jReach; j++) {
        const within = (i: number) => squaredDistance(si * si, i, sj * sj, j, sk * sk, k) <= radiusSquared;
        if (!within(0)) continue;
        // The largest Δi within the radius: from the square root, then checked exactly.
        let i = Math.floor(Math.sqrt(Math.max(0, radiusSquared - (sj * j) ** 2 - (sk * k) ** 2)) / si);
        while (within(i + 1)) i++;
        while (i > 0 && !within(i)) i--;
        dj.push(j);
        dk.push(k);
        reach.push(i);
      }
    }
    const neighbourhood = { dj: Int32Array.from(dj), dk: Int32Array.from(dk), reach: Int32Array.from(reach), row: -1, within: new Uint8Array(this.dims[0]) };
    this.neighbourhoods.set(radiusMm, neighbourhood);
    return neighbourhood;
  }
}

/**
 * Squared distance (mm²) of a voxel offset, rounded to float32 after each axis as the Float32
 * distance transform this replaced stored it. The rounding is a tolerance that matters: header
 * spacings such as 1.0000000127 mm would otherwise put voxels exactly 8 or 10 voxels away just
 * outside the margin (3000 voxels on mricron_chris_t1), so float noise in a header would move the cut.
 */
function squaredDistance(wi: number, di: number, wj: number, dj: number, wk: number, dk: number): number {
  return Math.fround(wk * dk * dk + Math.fround(wj * dj * dj + Math.fround(wi * di * di)));
}
