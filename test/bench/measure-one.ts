/**
 * Measures one image in a fresh process and prints one JSON line. The bench runs it twice per image,
 * so that neither measurement inherits the other's garbage, compiled code or memory:
 *
 * - `floor`: the I/O floor — read the image and write it back unchanged, through the same reader and
 *   writer (and gzip level) as the engine. No Float32 conversion: the engine does not make one.
 * - `deface`: the whole native deface (read, analyse, write, read back, self-check, sidecar), its time
 *   and its peak memory, measured two ways above the state just before the run (after a full GC):
 *   - `engineMb`: the engine's own memory — the peak of V8 heap in use plus external memory (every
 *     ArrayBuffer and typed array, zlib's buffers), taken at every stage report and just before every
 *     GC (v8.GCProfiler), which is where it peaks. External memory counts a freed array until V8 has
 *     swept it, so this errs high, never low.
 *   - `rssMb`: growth of the process's resident memory (the kernel's high-water mark). On top of the
 *     engine's memory it holds the runtime's own growth — compiled code, allocator slack, the young
 *     generation (the bench runs this with the engine worker's, see deface-bench.ts).
 *   Then `warmDefaceMs`: the same deface once more in the same process, its code compiled by the
 *   first: what each image after the first costs in a batch (the engine's workers live on).
 *
 * Usage: node --expose-gc --import tsx test/bench/measure-one.ts floor|deface INPUT.nii[.gz] WORK_DIR
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import { DEFAULT_DEFACE_PARAMETERS } from '../../src/api/deface.js';
import { nativeEngine } from '../../src/engine/native-engine.js';
import { parseNifti, writeNiftiAtomic } from '../../src/nifti/index.js';

const MIB = 2 ** 20;
const [mode, input, workDir] = process.argv.slice(2);
if ((mode !== 'floor' && mode !== 'deface') || !input || !workDir) throw new Error('usage: measure-one.ts floor|deface INPUT WORK_DIR');
const extension = input.endsWith('.gz') ? '.nii.gz' : '.nii';
const name = path.basename(input).replace(/\.nii(\.gz)?$/, '');

if (mode === 'floor') {
  const started = performance.now();
  const image = parseNifti(await readFile(input), input);
  await writeNiftiAtomic(path.join(workDir, `${name}_copy${extension}`), image, image.stored);
  const ioFloorMs = performance.now() - started;
  const voxels = image.dims[0] * image.dims[1] * image.dims[2];
  console.log(JSON.stringify({ dims: image.dims, datatype: image.datatype, float32VolumeMb: (voxels * 4) / MIB, ioFloorMs }));
} else {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc: the memory baseline is taken after a full GC');
  collect();
  const heapAndExternal = () => {
    const heap = v8.getHeapStatistics();
    return heap.used_heap_size + heap.external_memory;
  };
  const baseline = heapAndExternal();
  const baselineRss = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, heapAndExternal());
  };
  const profiler = new v8.GCProfiler();
  profiler.start();
  const started = performance.now();
  const outcome = await nativeEngine.run(
    { input, output: path.join(workDir, `${name}_defaced${extension}`), parameters: DEFAULT_DEFACE_PARAMETERS, skipRecognizability: true },
    sample,
    { aborted: false },
  );
  const defaceMs = performance.now() - started;
  sample();
  for (const gc of profiler.stop().statistics) {
    const before = gc.beforeGC.heapStatistics;
    peak = Math.max(peak, before.usedHeapSize + before.externalMemory);
  }
  const rssMb = (process.resourceUsage().maxRSS * 1024 - baselineRss) / MIB;
  const warmStarted = performance.now();
  await nativeEngine.run(
    { input, output: path.join(workDir, `${name}_defaced_again${extension}`), parameters: DEFAULT_DEFACE_PARAMETERS, skipRecognizability: true },
    () => undefined,
    { aborted: false },
  );
  const warmDefaceMs = performance.now() - warmStarted;
  console.log(
    JSON.stringify({
      defaceMs,
      engineMb: (peak - baseline) / MIB,
      rssMb,
      warmDefaceMs,
      verdict: outcome.selfCheck.verdict,
      reasons: outcome.selfCheck.reasons,
      stagesMs: outcome.selfCheck.timings.stagesMs,
    }),
  );
}
