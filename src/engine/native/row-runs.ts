/**
 * A binary mask as runs: each grid row (along i, fixed j and k) as the stretches of equal value.
 * A head or a brain has a few runs per row, so work per run instead of per voxel is what makes the
 * connected components and the distance queries fast.
 */
import type { ScaledVoxels } from '../../volume/volume.js';
import type { Dims } from './grid.js';

export interface RowRuns {
  /** Runs of row r (r = j + ny·k) are rowStart[r] … rowStart[r + 1] − 1, in ascending i. */
  rowStart: Int32Array;
  /** First voxel (i) of each run, and one past its last. */
  first: Int32Array;
  end: Int32Array;
}

/**
 * Collects runs row by row into growing arrays.
 *
 * @example
 * const collector = new RunCollector(ny * nz);
 * collector.add(3, 9); // voxels 3…8 of row 0
 * collector.endRow(0);
 * const runs = collector.runs();
 */
export class RunCollector {
  private first: Int32Array = new Int32Array(1024);
  private end: Int32Array = new Int32Array(1024);
  private count = 0;
  private readonly rowStart: Int32Array;

  constructor(rows: number) {
    this.rowStart = new Int32Array(rows + 1);
  }

  /** Adds the run [first, end) to the current row (rows are filled in order). */
  add(first: number, end: number): void {
    if (this.count === this.first.length) {
      this.first = grow(this.first);
      this.end = grow(this.end);
    }
    this.first[this.count] = first;
    this.end[this.count] = end;
    this.count++;
  }

  /** Closes row `row`: the runs added since the previous row belong to it. */
  endRow(row: number): void {
    this.rowStart[row + 1] = this.count;
  }

  runs(): RowRuns {
    return { rowStart: this.rowStart, first: this.first.subarray(0, this.count), end: this.end.subarray(0, this.count) };
  }
}

/**
 * The runs of voxels whose intensity is at or below `threshold`: the background of a thresholded
 * image, read straight from the stored values (no mask is written).
 *
 * @example
 * const background = runsAtOrBelow(scaledVoxels(image), threshold);
 */
export function runsAtOrBelow(image: ScaledVoxels, threshold: number): RowRuns {
  const [nx, ny, nz] = image.dims;
  const { stored, slope, inter, nonFiniteFill, exact } = image;
  // intensityAt, written out: this loop reads every voxel of the image.
  const above = (index: number) => {
    if (exact) return stored[index] > threshold;
    const value = Math.fround(stored[index] * slope + inter);
    return (value - value === 0 ? value : nonFiniteFill) > threshold;
  };
  const collector = new RunCollector(ny * nz);
  for (let row = 0; row < ny * nz; row++) {
    const offset = row * nx;
    let i = 0;
    while (i < nx) {
      while (i < nx && above(offset + i)) i++;
      if (i === nx) break;
      const start = i;
      while (i < nx && !above(offset + i)) i++;
      collector.add(start, i);
    }
    collector.endRow(row);
  }
  return collector.runs();
}

/**
 * A mask with 1 on every run.
 *
 * @example
 * const headMask = runsToMask(head.runs, dims);
 */
export function runsToMask(runs: RowRuns, dims: Dims): Uint8Array {
  const nx = dims[0];
  const mask = new Uint8Array(nx * dims[1] * dims[2]);
  const { rowStart, first, end } = runs;
  for (let row = 0; row + 1 < rowStart.length; row++) {
    for (let run = rowStart[row]; run < rowStart[row + 1]; run++) mask.fill(1, row * nx + first[run], row * nx + end[run]);
  }
  return mask;
}

/**
 * How many voxels two sets of runs (each disjoint and ascending along a row) have in common.
 *
 * @example
 * const brainInsideHead = overlapOfRuns(brain, head.runs);
 */
export function overlapOfRuns(a: RowRuns, b: RowRuns): number {
  let overlap = 0;
  for (let row = 0; row + 1 < a.rowStart.length; row++) {
    let x = a.rowStart[row];
    let y = b.rowStart[row];
    while (x < a.rowStart[row + 1] && y < b.rowStart[row + 1]) {
      overlap += Math.max(0, Math.min(a.end[x], b.end[y]) - Math.max(a.first[x], b.first[y]));
      if (a.end[x] < b.end[y]) x++;
      else y++;
    }
  }
  return overlap;
}

function grow(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}
