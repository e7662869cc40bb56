/**
 * Measures one image in a fresh process (so peak memory belongs to this image alone) and prints one
 * JSON line: the I/O floor (read + write the unchanged image), the whole native deface (read, deface,
 * write, read back, self-check, sidecar), and peak resident memory above the process's baseline.
 *
 * Usage: tsx test/bench/measure-one.ts INPUT.nii[.gz] WORK_DIR
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_DEFACE_PARAMETERS } from '../../src/api/deface.js';
import { nativeEngine } from '../../src/engine/native-engine.js';
import { parseNifti, toVolume, writeNiftiAtomic } from '../../src/nifti/index.js';

const [input, workDir] = process.argv.slice(2);
if (!input || !workDir) throw new Error('usage: measure-one.ts INPUT WORK_DIR');
const extension = input.endsWith('.gz') ? '.nii.gz' : '.nii';
const name = path.basename(input).replace(/\.nii(\.gz)?$/, '');
const baselineKb = process.memoryUsage().rss / 1024;

const ioStart = performance.now();
const image = parseNifti(await readFile(input), input);
toVolume(image);
await writeNiftiAtomic(path.join(workDir, `${name}_copy${extension}`), image, image.stored);
const ioFloorMs = performance.now() - ioStart;

const defaceStart = performance.now();
const outcome = await nativeEngine.run(
  { input, output: path.join(workDir, `${name}_defaced${extension}`), parameters: DEFAULT_DEFACE_PARAMETERS, skipRecognizability: true },
  () => undefined,
  { aborted: false },
);
const defaceMs = performance.now() - defaceStart;

const voxels = image.dims[0] * image.dims[1] * image.dims[2];
console.log(
  JSON.stringify({
    dims: image.dims,
    datatype: image.datatype,
    ioFloorMs,
    defaceMs,
    peakExtraMb: (process.resourceUsage().maxRSS - baselineKb) / 1024,
    float32VolumeMb: (voxels * 4) / 2 ** 20,
    verdict: outcome.selfCheck.verdict,
    reasons: outcome.selfCheck.reasons,
    stagesMs: outcome.selfCheck.timings.stagesMs,
  }),
);
