/**
 * `npx tsx test/bench/scan-bench.ts`: how long a dataset scan takes on 10,000 subjects (about 60,000
 * files) in the DCCN raw layout and in BIDS. Target on the 2-core build machine: ≤ 2 s per scan.
 * Prints one line per layout (files, median of 3 scans, ratio to the target) and deletes its trees.
 */
import { scanDataset } from '../../src/datasets/scan/scan-dataset.js';
import { writeBidsTree, writeDccnTree } from '../fixtures/scan-trees.js';
import { makeTempDir } from '../support/temp-dir.js';

const SUBJECTS = 10_000;
const TARGET_SECONDS = 2;
const RUNS = 3;

const layouts = [
  { name: 'dccn', write: writeDccnTree },
  { name: 'bids', write: writeBidsTree },
] as const;

for (const { name, write } of layouts) {
  const tmp = await makeTempDir(`veil-scan-bench-${name}-`);
  try {
    const files = await write(tmp.path, SUBJECTS);
    const seconds: number[] = [];
    let images = 0;
    let t1 = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const scan = await scanDataset(tmp.path);
      seconds.push((performance.now() - started) / 1000);
      images = scan.images.length;
      t1 = scan.images.filter((image) => image.kind === 't1').length;
      if (scan.layout !== name) throw new Error(`detected ${scan.layout}, expected ${name}`);
    }
    const median = [...seconds].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? Number.NaN;
    console.log(
      `${name}: ${files} files (${images} NIfTI, ${t1} T1), scan ${median.toFixed(2)} s median of ${RUNS} ` +
        `(${seconds.map((s) => s.toFixed(2)).join(', ')}), ${(median / TARGET_SECONDS).toFixed(2)} × the ${TARGET_SECONDS} s target`,
    );
  } finally {
    await tmp.remove();
  }
}
