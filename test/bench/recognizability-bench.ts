/**
 * `npm run bench` (part): the recognizability check on every real image in ../shared/data and on
 * phantoms: the face detector's best score per view on the original and on Veil's defaced copy, and
 * the cost of the check against the 2 s target, two ways:
 *
 * - alone, as `veil qc` runs it on a pair: wall time, CPU time of the whole process (both threads:
 *   the original's views run on a worker thread) and of its busiest thread (Linux: from
 *   /proc/self/task; the check's wall time on two free cores, which a loaded machine cannot show);
 * - in a deface, as `veil deface`, `deface-all` and the app run it: the native engine's run with the
 *   check minus the same run without it (the check starts on the original while the deface works).
 *
 * Model loading is measured apart, in a first check on a phantom: it happens once per process or
 * worker thread. Needs the build (`npm run build`): the worker thread runs the built JavaScript.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DEFACE_PARAMETERS } from '../../src/api/deface.js';
import { defaceVolume } from '../../src/engine/native/deface-volume.js';
import { nativeEngine } from '../../src/engine/native-engine.js';
import { backgroundStoredValue, readNifti, scaledVoxels } from '../../src/nifti/index.js';
import { checkRecognizability } from '../../src/recognizability/check-recognizability.js';
import type { ScaledVoxels } from '../../src/volume/volume.js';
import { writeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom, type PhantomOptions } from '../fixtures/phantom.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA = path.resolve(ROOT, '..', 'shared', 'data');
const TARGET_MS = 2000;
const PHANTOMS: { name: string; options: PhantomOptions }[] = [
  { name: 'phantom-1.5mm-RAS', options: { voxelSize: [1.5, 1.5, 1.5] } },
  { name: 'phantom-1mm-PSR', options: { orientation: 'PSR' } },
];

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

/** Every image as a file: the real ones where they are, the phantoms written to `scratch`. */
function imageFiles(scratch: string): { name: string; file: string }[] {
  const real = existsSync(DATA)
    ? ['t1', 'templates'].flatMap((folder) =>
        readdirSync(path.join(DATA, folder))
          .filter((name) => name.endsWith('.nii.gz'))
          .sort()
          .map((name) => ({ name: `${folder}/${name}`, file: path.join(DATA, folder, name) })),
      )
    : [];
  if (real.length === 0) console.log(`(${DATA} is absent: phantoms only)`);
  const phantoms = PHANTOMS.map(({ name, options }) => {
    const file = path.join(scratch, `${name}.nii.gz`);
    writeNifti(file, generatePhantom(options));
    return { name, file };
  });
  return [...real, ...phantoms];
}

/** An image's voxels as the engine's self-check gives them to the check (as stored), and Veil's deface of them. */
async function pair(file: string): Promise<{ original: ScaledVoxels; defaced: ScaledVoxels }> {
  const image = await readNifti(file);
  const original = scaledVoxels(image);
  const fill = backgroundStoredValue(image);
  const removal = defaceVolume(original, { removeEars: true, marginMm: 10, removeNeck: false }).removalMask;
  return { original, defaced: { ...original, stored: original.stored.map((value, index) => (removal[index] ? fill : value)) } };
}

/** Wall milliseconds of the native engine's whole run on a file, with or without the check. */
async function defaceMs(file: string, output: string, recognizability: boolean): Promise<number> {
  const started = performance.now();
  await nativeEngine.run({ input: file, output, parameters: DEFAULT_DEFACE_PARAMETERS, skipRecognizability: !recognizability }, () => undefined, { aborted: false });
  return performance.now() - started;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ofTarget = (ms: number) => (ms / TARGET_MS).toFixed(2);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'veil-recognizability-bench-'));
try {
  const files = imageFiles(scratch);
  const warmUp = (await pair(files[files.length - 1].file)).original;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  await checkRecognizability(warmUp, warmUp);
  const warmUpCpu = process.cpuUsage(cpuAtStart);
  console.log(
    `Recognizability check: first check (loads the face models on both threads, once per process or worker) ` +
      `${seconds(performance.now() - started)} wall, ${seconds((warmUpCpu.user + warmUpCpu.system) / 1000)} CPU.`,
  );
  console.log(
    'image | best score per view, original (front, left-30, right-30, left-60, right-60) | defaced by Veil | face found orig / defaced | ' +
      'alone: wall | wall / 2 s | CPU | busiest thread | busiest / 2 s | deface | deface + check | check added | added / 2 s',
  );
  for (const { name, file } of files) {
    const { original, defaced } = await pair(file);
    const cpuBefore = process.cpuUsage();
    const threadsBefore = threadCpuMs();
    const result = await checkRecognizability(original, defaced);
    const cpu = process.cpuUsage(cpuBefore);
    const busiestMs = Math.max(...[...threadCpuMs()].map(([thread, ms]) => ms - (threadsBefore.get(thread) ?? 0)));
    const output = path.join(scratch, 'defaced.nii.gz');
    const alone = await defaceMs(file, output, false);
    rmSync(output, { force: true });
    const withCheck = await defaceMs(file, output, true);
    rmSync(output, { force: true });
    const scores = (side: 'original' | 'defaced') => result.views.map((view) => view[side]?.bestScore.toFixed(2) ?? '-').join(' ');
    console.log(
      [
        name,
        scores('original'),
        scores('defaced'),
        `${result.faceFoundOriginal ? 'yes' : 'no'} / ${result.faceFoundDefaced ? 'YES' : 'no'}`,
        seconds(result.timeMs),
        ofTarget(result.timeMs),
        seconds((cpu.user + cpu.system) / 1000),
        ...(Number.isFinite(busiestMs) ? [seconds(busiestMs), ofTarget(busiestMs)] : ['n/a', 'n/a']),
        seconds(alone),
        seconds(withCheck),
        seconds(withCheck - alone),
        ofTarget(withCheck - alone),
      ].join(' | '),
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
