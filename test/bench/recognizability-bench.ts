/**
 * `npm run bench` (part): the recognizability check on every real image in ../shared/data and on
 * phantoms: the face detector's best score per view on the original and on Veil's defaced copy, and
 * the cost of the whole check (both images, five views each) against the 2 s target, as wall time
 * and as CPU time of the whole process (both threads: the defaced image's views run on a worker
 * thread; the build machine is shared: CPU time is what the check itself costs). Model loading is
 * measured apart, in a first check on a phantom: it happens once per process or worker thread.
 * "Busiest thread" is the CPU time of the thread that worked most during the check (Linux: from
 * /proc/self/task): the check's wall time on two free cores, which a loaded machine cannot show.
 * Needs the build (`npm run build`): the worker thread runs the built JavaScript.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaceVolume } from '../../src/engine/native/deface-volume.js';
import { backgroundStoredValue, readNifti, scaledVoxels } from '../../src/nifti/index.js';
import { checkRecognizability } from '../../src/recognizability/check-recognizability.js';
import { volumeVoxels, type ScaledVoxels } from '../../src/volume/volume.js';
import { generatePhantom, type PhantomOptions } from '../fixtures/phantom.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA = path.resolve(ROOT, '..', 'shared', 'data');
const TARGET_MS = 2000;
const PHANTOMS: { name: string; options: PhantomOptions }[] = [
  { name: 'phantom-1.5mm-RAS', options: { voxelSize: [1.5, 1.5, 1.5] } },
  { name: 'phantom-1mm-PSR', options: { orientation: 'PSR' } },
];

/** A phantom's voxels and the stored value a removed voxel gets (as the engine writes it). */
function phantomVoxels(options: PhantomOptions): { voxels: ScaledVoxels; fill: number } {
  const phantom = generatePhantom(options);
  const data = Float32Array.from(phantom.data as ArrayLike<number>, (value) => value * phantom.sclSlope + phantom.sclInter);
  return { voxels: volumeVoxels({ dims: [...phantom.dims], affine: Float64Array.from(phantom.affine.flat()), data }), fill: 0 };
}

/** CPU milliseconds per thread of this process, by thread id (empty where /proc is absent). */
function threadCpuMs(): Map<string, number> {
  const tasks = '/proc/self/task';
  if (!existsSync(tasks)) return new Map();
  return new Map(
    readdirSync(tasks).map((thread) => {
      const stat = readFileSync(path.join(tasks, thread, 'stat'), 'utf8');
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (10 ms).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [thread, (Number(fields[11]) + Number(fields[12])) * 10];
    }),
  );
}

/** The images as the engine's self-check gives them to the check: their voxels as stored. */
async function images(): Promise<{ name: string; load: () => Promise<{ voxels: ScaledVoxels; fill: number }> }[]> {
  const real = existsSync(DATA)
    ? ['t1', 'templates'].flatMap((folder) =>
        readdirSync(path.join(DATA, folder))
          .filter((name) => name.endsWith('.nii.gz'))
          .sort()
          .map((name) => ({
            name: `${folder}/${name}`,
            load: async () => {
              const image = await readNifti(path.join(DATA, folder, name));
              return { voxels: scaledVoxels(image), fill: backgroundStoredValue(image) };
            },
          })),
      )
    : [];
  if (real.length === 0) console.log(`(${DATA} is absent: phantoms only)`);
  return [...real, ...PHANTOMS.map(({ name, options }) => ({ name, load: async () => phantomVoxels(options) }))];
}

const warmUp = phantomVoxels(PHANTOMS[0].options).voxels;
const started = performance.now();
const cpuAtStart = process.cpuUsage();
await checkRecognizability(warmUp, warmUp);
const warmUpCpu = process.cpuUsage(cpuAtStart);
console.log(
  `Recognizability check: first check (loads the face models on both threads, once per process or worker) ` +
    `${((performance.now() - started) / 1000).toFixed(2)} s wall, ${((warmUpCpu.user + warmUpCpu.system) / 1e6).toFixed(2)} s CPU.`,
);
console.log('image | best score per view, original (front, left-30, right-30, left-60, right-60) | defaced by Veil | face found orig / defaced | wall | wall / 2 s | CPU | CPU / 2 s | busiest thread | busiest / 2 s');
for (const image of await images()) {
  const { voxels: original, fill } = await image.load();
  const removal = defaceVolume(original, { removeEars: true, marginMm: 10, removeNeck: false }).removalMask;
  const defaced = { ...original, stored: original.stored.map((value, index) => (removal[index] ? fill : value)) };
  const cpuBefore = process.cpuUsage();
  const threadsBefore = threadCpuMs();
  const result = await checkRecognizability(original, defaced);
  const cpu = process.cpuUsage(cpuBefore);
  const busiestMs = Math.max(...[...threadCpuMs()].map(([thread, ms]) => ms - (threadsBefore.get(thread) ?? 0)));
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const scores = (side: 'original' | 'defaced') => result.views.map((view) => view[side]?.bestScore.toFixed(2) ?? '-').join(' ');
  console.log(
    `${image.name} | ${scores('original')} | ${scores('defaced')} | ${result.faceFoundOriginal ? 'yes' : 'no'} / ${result.faceFoundDefaced ? 'YES' : 'no'} | ` +
      `${(result.timeMs / 1000).toFixed(2)} s | ${(result.timeMs / TARGET_MS).toFixed(2)} | ${(cpuMs / 1000).toFixed(2)} s | ${(cpuMs / TARGET_MS).toFixed(2)} | ` +
      (Number.isFinite(busiestMs) ? `${(busiestMs / 1000).toFixed(2)} s | ${(busiestMs / TARGET_MS).toFixed(2)}` : 'n/a | n/a'),
  );
}
