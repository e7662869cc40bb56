/**
 * Connected components of a binary mask by runs: each grid row (along i) is split into runs of
 * equal value, runs that overlap in neighbouring rows (j ± 1, k ± 1) are joined with union-find.
 * This is 6-connectivity, and costs one pass over the voxels plus work per run (a head has a few
 * runs per row), several times faster than a voxel-by-voxel flood fill.
 */
import type { Dims } from '../engine/native/grid.js';

interface Runs {
  /** Runs of row r (r = j + ny·k) are rowStart[r] … rowStart[r + 1] − 1. */
  rowStart: Int32Array;
  /** First voxel (i) of each run, and one past its last. */
  first: Int32Array;
  end: Int32Array;
  /** Union-find parent of each run. */
  parent: Int32Array;
}

/** Runs of voxels equal to `value`, with their rows joined into components. */
function connectedRuns(mask: Uint8Array, dims: Dims, value: 0 | 1): Runs {
  const [nx, ny, nz] = dims;
  const rows = ny * nz;
  const rowStart = new Int32Array(rows + 1);
  let first: Int32Array = new Int32Array(1024);
  let end: Int32Array = new Int32Array(1024);
  let count = 0;
  for (let row = 0; row < rows; row++) {
    const offset = row * nx;
    let i = 0;
    while (i < nx) {
      while (i < nx && mask[offset + i] !== value) i++;
      if (i === nx) break;
      const start = i;
      while (i < nx && mask[offset + i] === value) i++;
      if (count === first.length) {
        first = grow(first);
        end = grow(end);
      }
      first[count] = start;
      end[count] = i;
      count++;
    }
    rowStart[row + 1] = count;
  }
  const parent = new Int32Array(count);
  for (let run = 0; run < count; run++) parent[run] = run;
  const runs = { rowStart, first: first.subarray(0, count), end: end.subarray(0, count), parent };
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = j + ny * k;
      if (j > 0) joinOverlapping(runs, row, row - 1);
      if (k > 0) joinOverlapping(runs, row, row - ny);
    }
  }
  return runs;
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** Root of a run's component (with path halving). */
function rootOf(parent: Int32Array, run: number): number {
  while (parent[run] !== run) {
    parent[run] = parent[parent[run]];
    run = parent[run];
  }
  return run;
}

/** Joins every pair of runs of the two rows that share at least one i. Both rows are sorted. */
function joinOverlapping(runs: Runs, row: number, other: number): void {
  const { rowStart, first, end, parent } = runs;
  let a = rowStart[row];
  let b = rowStart[other];
  const aEnd = rowStart[row + 1];
  const bEnd = rowStart[other + 1];
  while (a < aEnd && b < bEnd) {
    if (first[a] < end[b] && first[b] < end[a]) {
      const rootA = rootOf(parent, a);
      const rootB = rootOf(parent, b);
      // The smaller index becomes the root, so the result does not depend on visiting order.
      if (rootA < rootB) parent[rootB] = rootA;
      else if (rootB < rootA) parent[rootA] = rootB;
    }
    if (end[a] < end[b]) a++;
    else b++;
  }
}

/**
 * Keeps only the largest 6-connected component of a mask, in place; returns its voxel count.
 *
 * @example
 * const voxels = keepLargestComponent(head, dims); // drops noise specks and detached objects
 */
export function keepLargestComponent(mask: Uint8Array, dims: Dims): number {
  const runs = connectedRuns(mask, dims, 1);
  const { rowStart, first, end, parent } = runs;
  const size = new Float64Array(parent.length);
  for (let run = 0; run < parent.length; run++) size[rootOf(parent, run)] += end[run] - first[run];
  let largest = -1;
  for (let run = 0; run < parent.length; run++) if (largest < 0 || size[run] > size[largest]) largest = run;
  mask.fill(0);
  if (largest < 0) return 0;
  const nx = dims[0];
  for (let row = 0; row + 1 < rowStart.length; row++) {
    for (let run = rowStart[row]; run < rowStart[row + 1]; run++) {
      if (rootOf(parent, run) === largest) mask.fill(1, row * nx + first[run], row * nx + end[run]);
    }
  }
  return size[largest];
}

/**
 * Fills, in place, every background region that does not touch the grid border (6-connected).
 *
 * @example
 * fillHoles(head, dims); // the dark skull, sinuses and ventricles become part of the head
 */
export function fillHoles(mask: Uint8Array, dims: Dims): void {
  const [nx, ny, nz] = dims;
  const runs = connectedRuns(mask, dims, 0);
  const { rowStart, first, end, parent } = runs;
  const touchesBorder = new Uint8Array(parent.length);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = j + ny * k;
      const borderRow = j === 0 || k === 0 || j === ny - 1 || k === nz - 1;
      for (let run = rowStart[row]; run < rowStart[row + 1]; run++) {
        if (borderRow || first[run] === 0 || end[run] === nx) touchesBorder[rootOf(parent, run)] = 1;
      }
    }
  }
  for (let row = 0; row + 1 < rowStart.length; row++) {
    for (let run = rowStart[row]; run < rowStart[row + 1]; run++) {
      if (touchesBorder[rootOf(parent, run)] === 0) mask.fill(1, row * nx + first[run], row * nx + end[run]);
    }
  }
}
