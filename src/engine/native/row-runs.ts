/**
 * A binary mask as runs: each grid row (along i, fixed j and k) as the stretches of equal value.
 * A head or a brain has a few runs per row, so work per run instead of per voxel is what makes the
 * connected components and the distance queries fast.
 */
import type { Dims } from './grid.js';

export interface RowRuns {
  /** Runs of row r (r = j + ny·k) are rowStart[r] … rowStart[r + 1] − 1, in ascending i. */
  rowStart: Int32Array;
  /** First voxel (i) of each run, and one past its last. */
  first: Int32Array;
  end: Int32Array;
}

/**
 * The runs of voxels equal to `value`.
 *
 * @example
 * const runs = rowRuns(brainMask, dims, 1);
 * runs.rowStart[row + 1] - runs.rowStart[row]; // how many pieces of brain the row crosses
 */
export function rowRuns(mask: Uint8Array, dims: Dims, value: 0 | 1): RowRuns {
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
  return { rowStart, first: first.subarray(0, count), end: end.subarray(0, count) };
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}
