/**
 * Intensity statistics from histograms: percentiles and Otsu's threshold. Histograms (not sorting)
 * keep this O(n) and scale-free, so uint8 images with a few grey levels and float images in any
 * unit are handled the same way.
 */

export interface Histogram {
  /** Lower edge of the first bin. */
  low: number;
  /** Width of every bin; values ≥ low + bins·width fall in the last bin. */
  binWidth: number;
  counts: Float64Array;
  total: number;
}

/**
 * The smallest and largest finite value, optionally only where `mask` is non-zero.
 *
 * @example
 * const [min, max] = valueRange(volume.data); // [0, 1588]
 */
export function valueRange(data: Float32Array, mask?: Uint8Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0; index < data.length; index++) {
    if (mask && mask[index] === 0) continue;
    const value = data[index];
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}

/**
 * A histogram of `data` over [low, high] with `bins` bins; values outside are clamped into the end
 * bins (so a few bright skin markers pile up in the last bin instead of stretching the range).
 *
 * @example
 * const histogram = buildHistogram(volume.data, 0, 1588, 1024);
 */
export function buildHistogram(data: Float32Array, low: number, high: number, bins: number, mask?: Uint8Array): Histogram {
  const counts = new Float64Array(bins);
  const binWidth = high > low ? (high - low) / bins : 1;
  const scale = 1 / binWidth;
  const last = bins - 1;
  let total = 0;
  for (let index = 0; index < data.length; index++) {
    if (mask && mask[index] === 0) continue;
    const bin = Math.floor((data[index] - low) * scale);
    counts[bin < 0 ? 0 : bin > last ? last : bin]++;
    total++;
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
