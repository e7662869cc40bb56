/**
 * `npm run bench` (part): the recognizability check on every real image in ../shared/data and on
 * phantoms: the face detector's best score per view on the original and on Veil's defaced copy, and
 * the cost of the whole check (both images, five views each) against the 2 s target, as wall time
 * and as CPU time (the build machine is shared: CPU time is what the check itself costs). Model
 * loading is measured apart: it happens once per process or worker thread.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaceVolume } from '../../src/engine/native/deface-volume.js';
import { readNifti, toVolume } from '../../src/nifti/index.js';
import { checkRecognizability } from '../../src/recognizability/check-recognizability.js';
import { loadFaceModels } from '../../src/recognizability/face-model.js';
import { volumeVoxels, type Volume } from '../../src/volume/volume.js';
import { generatePhantom, type PhantomOptions } from '../fixtures/phantom.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA = path.resolve(ROOT, '..', 'shared', 'data');
const TARGET_MS = 2000;
const PHANTOMS: { name: string; options: PhantomOptions }[] = [
  { name: 'phantom-1.5mm-RAS', options: { voxelSize: [1.5, 1.5, 1.5] } },
  { name: 'phantom-1mm-PSR', options: { orientation: 'PSR' } },
];

function phantomVolume(options: PhantomOptions): Volume {
  const phantom = generatePhantom(options);
  const data = Float32Array.from(phantom.data as ArrayLike<number>, (value) => value * phantom.sclSlope + phantom.sclInter);
  return { dims: [...phantom.dims], affine: Float64Array.from(phantom.affine.flat()), data };
}

async function images(): Promise<{ name: string; volume: () => Promise<Volume> }[]> {
  const real = existsSync(DATA)
    ? ['t1', 'templates'].flatMap((folder) =>
        readdirSync(path.join(DATA, folder))
          .filter((name) => name.endsWith('.nii.gz'))
          .sort()
          .map((name) => ({ name: `${folder}/${name}`, volume: async () => toVolume(await readNifti(path.join(DATA, folder, name))) })),
      )
    : [];
  if (real.length === 0) console.log(`(${DATA} is absent: phantoms only)`);
  return [...real, ...PHANTOMS.map(({ name, options }) => ({ name, volume: async () => phantomVolume(options) }))];
}

const started = performance.now();
await loadFaceModels();
console.log(`Recognizability check: face models loaded in ${((performance.now() - started) / 1000).toFixed(2)} s (once per process or worker).`);
console.log('image | best score per view, original (front, left-30, right-30, left-60, right-60) | defaced by Veil | face found orig / defaced | wall | CPU | CPU / 2 s');
for (const image of await images()) {
  const original = await image.volume();
  const removal = defaceVolume(volumeVoxels(original), { removeEars: true, marginMm: 10, removeNeck: false }).removalMask;
  const defaced = { ...original, data: original.data.map((value, index) => (removal[index] ? 0 : value)) };
  const cpuBefore = process.cpuUsage();
  const { result } = await checkRecognizability(original, defaced);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const scores = (side: 'original' | 'defaced') => result.views.map((view) => view[side].bestScore.toFixed(2)).join(' ');
  console.log(
    `${image.name} | ${scores('original')} | ${scores('defaced')} | ${result.faceFoundOriginal ? 'yes' : 'no'} / ${result.faceFoundDefaced ? 'YES' : 'no'} | ` +
      `${(result.timeMs / 1000).toFixed(2)} s | ${(cpuMs / 1000).toFixed(2)} s | ${(cpuMs / TARGET_MS).toFixed(2)}`,
  );
}
