/**
 * Intensity statistics from histograms: percentiles and Otsu's threshold. Histograms (not sorting)
 * keep this O(n) and scale-free, so uint8 images with a few grey levels and float images in any
 * unit are handled the same way.
 */
import type { VoxelArray } from '../../volume/volume.js';
import type { RowRuns } from './row-runs.js';

export interface Histogram {
  /** Lower edge of the first bin. */
  low: number;
  /** Width of every bin; values ≥ low + bins·width fall in the last bin. */
  binWidth: number;
  counts: Float64Array;
  total: number;
}

/**
 * The smallest and largest value, of all voxels or only of those in `selection` (runs along rows
 * of `rowLength` voxels).
 *
 * @example
 * const [min, max] = valueRange(volume.data); // [0, 1588]
 */
export function valueRange(data: VoxelArray, selection?: Selection): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  const ranges = indexRanges(data.length, selection);
  for (let range = 0; range < ranges.length; range += 2) {
    for (let index = ranges[range]; index < ranges[range + 1]; index++) {
      const value = data[index];
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return [min, max];
}

/** Some voxels of a grid, as runs along its rows (rows of `rowLength` voxels). */
export interface Selection {
  runs: RowRuns;
  rowLength: number;
}

/** The selection as [from, to) voxel index ranges, in order (all `length` voxels without one). */
function indexRanges(length: number, selection?: Selection): Int32Array {
  if (!selection) return Int32Array.of(0, length);
  const { runs, rowLength } = selection;
  const ranges = new Int32Array(runs.first.length * 2);
  for (let row = 0; row + 1 < runs.rowStart.length; row++) {
    for (let run = runs.rowStart[row]; run < runs.rowStart[row + 1]; run++) {
      ranges[run * 2] = row * rowLength + runs.first[run];
      ranges[run * 2 + 1] = row * rowLength + runs.end[run];
    }
  }
  return ranges;
}

/**
 * A histogram of `data` (or of the `selection` of it) over [low, high] with `bins` bins; values
 * outside are clamped into the end bins (so a few bright skin markers pile up in the last bin
 * instead of stretching the range).
 *
 * @example
 * const histogram = buildHistogram(volume.data, 0, 1588, 1024);
 */
export function buildHistogram(data: VoxelArray, low: number, high: number, bins: number, selection?: Selection): Histogram {
  const counts = new Float64Array(bins);
  const binWidth = high > low ? (high - low) / bins : 1;
  const scale = 1 / binWidth;
  const last = bins - 1;
  let total = 0;
  const ranges = indexRanges(data.length, selection);
  for (let range = 0; range < ranges.length; range += 2) {
    for (let index = ranges[range]; index < ranges[range + 1]; index++) {
      const bin = Math.floor((data[index] - low) * scale);
      counts[bin < 0 ? 0 : bin > last ? last : bin]++;
      total++;
    }
  }
  return { low, binWidth, counts, total };
}

/**
 * The value below which `fraction` of the histogram's samples lie (linear within the bin).
 *
 * @example
 * const p98 = histogramPercentile(histogram, 0.98);
 */
export function histogramPercentile(histogram: Histogram, fraction: number): number {
  const target = Math.min(Math.max(fraction, 0), 1) * histogram.total;
  let cumulative = 0;
  for (let bin = 0; bin < histogram.counts.length; bin++) {
    const count = histogram.counts[bin];
    if (cumulative + count >= target && count > 0) {
      return histogram.low + (bin + (target - cumulative) / count) * histogram.binWidth;
    }
    cumulative += count;
  }
  return histogram.low + histogram.counts.length * histogram.binWidth;
}

/**
 * Otsu's threshold: the bin edge that maximises the between-class variance of the two classes it
 * splits the histogram into.
 *
 * @example
 * const threshold = otsuThreshold(buildHistogram(data, min, p999, 1024)); // background | head
 */
export function otsuThreshold(histogram: Histogram): number {
  const { counts } = histogram;
  let totalMass = 0;
  let totalMoment = 0;
  for (let bin = 0; bin < counts.length; bin++) {
    totalMass += counts[bin];
    totalMoment += bin * counts[bin];
  }
  let lowMass = 0;
  let lowMoment = 0;
  let bestVariance = -1;
  let bestBin = 0;
  for (let bin = 0; bin < counts.length - 1; bin++) {
    lowMass += counts[bin];
    lowMoment += bin * counts[bin];
    const highMass = totalMass - lowMass;
    if (lowMass === 0 || highMass === 0) continue;
    const meanDifference = lowMoment / lowMass - (totalMoment - lowMoment) / highMass;
    const variance = lowMass * highMass * meanDifference * meanDifference;
    if (variance > bestVariance) {
      bestVariance = variance;
      bestBin = bin;
    }
  }
  return histogram.low + (bestBin + 1) * histogram.binWidth;
}
