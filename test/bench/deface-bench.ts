/**
 * `npm run bench`: speed, memory and quality of the native engine, measured in one run.
 *
 * Speed and memory (each image in fresh processes, see measure-one.ts): deface wall time (the first
 * in a process, and once more in it, as each image after the first in a batch), the I/O floor
 * (read + write the same image unchanged), their ratios, and peak memory over the Float32 voxel
 * array — the engine's own (V8 heap in use + external memory: the target's measure) and the
 * process's resident growth (which adds compiled code and allocator slack). Targets on
 * the 2-core build machine: ≤ 1.5 s for the 2 mm subject, ≤ 3 s for 1 mm 182×218×182, ≤ 3× the I/O
 * floor, peak ≤ 6× the voxel array.
 *
 * Quality: brain-mask voxels removed on templates with a reference brain mask (≤ 0.1 %); face, ears
 * and brain on phantoms with ground-truth labels (≥ 99 % removed, 0 changed); QC pictures of every
 * real subject, written to bench-output/qc/ to look at.
 *
 * Real images come from ../shared/data (beside the project); without it only phantoms are measured.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_DEFACE_PARAMETERS } from '../../src/api/deface.js';
import { nativeEngine } from '../../src/engine/native-engine.js';
import { defaceVolume } from '../../src/engine/native/deface-volume.js';
import { ENGINE_YOUNG_GENERATION_MB } from '../../src/engine/worker/run-native-in-worker.js';
import { parseNifti, scaledVoxels } from '../../src/nifti/index.js';
import { writeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom, type PhantomOptions } from '../fixtures/phantom.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA = path.resolve(ROOT, '..', 'shared', 'data');
const OUT = path.join(ROOT, 'bench-output');

/** Reference brain masks on the same grid as a template (nonzero = brain). */
const TEMPLATE_BRAINS: Record<string, string> = {
  'allineate_MNI152_T1_1mm.nii.gz': 'brain/allineate_MNI152_T1_1mm_brain_mask.nii.gz',
  'deface_avg152T1.nii.gz': 'brain/allineate_avg152T1_brain_mask.nii.gz',
  'mricron_ch2.nii.gz': 'brain/mricron_ch2bet.nii.gz',
};

const PHANTOMS: { name: string; options: PhantomOptions }[] = [
  { name: 'phantom-2mm-RAS', options: { voxelSize: [2, 2, 2] } },
  { name: 'phantom-1mm-RAS', options: {} },
  { name: 'phantom-1mm-PSR', options: { orientation: 'PSR' } },
  { name: 'phantom-1x1x4.8-PSR', options: { orientation: 'PSR', voxelSize: [1, 1, 4.8] } },
  { name: 'phantom-1.5mm-LAS-oblique', options: { orientation: 'LAS', voxelSize: [1.5, 1.5, 1.5], obliqueDegrees: { x: 12, z: 8 } } },
];

interface Floor {
  dims: number[];
  datatype: string;
  float32VolumeMb: number;
  ioFloorMs: number;
}

interface Deface {
  defaceMs: number;
  warmDefaceMs: number;
  engineMb: number;
  rssMb: number;
  verdict: string;
  reasons: string[];
}

type Measured = Floor & Deface;

const pct = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * The I/O floor and the deface of one image, each in a fresh process (measure-one.ts) with the
 * engine worker's young generation (V8 sizes it as three semi-spaces).
 */
async function measure(file: string): Promise<Measured> {
  const work = path.join(OUT, 'work');
  await mkdir(work, { recursive: true });
  const once = async <T>(mode: 'floor' | 'deface'): Promise<T> => {
    const flags = ['--expose-gc', `--max-semi-space-size=${ENGINE_YOUNG_GENERATION_MB / 3}`, '--import', 'tsx'];
    const { stdout } = await run(process.execPath, [...flags, path.join(ROOT, 'test/bench/measure-one.ts'), mode, file, work], { cwd: ROOT });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T;
  };
  return { ...(await once<Floor>('floor')), ...(await once<Deface>('deface')) };
}

function speedRow(name: string, m: Measured): string {
  const times = (mb: number) => `${(mb / m.float32VolumeMb).toFixed(1)}×`;
  return [
    name,
    m.dims.join('×'),
    m.datatype,
    seconds(m.defaceMs),
    seconds(m.ioFloorMs),
    (m.defaceMs / m.ioFloorMs).toFixed(1),
    seconds(m.warmDefaceMs),
    (m.warmDefaceMs / m.ioFloorMs).toFixed(1),
    times(m.engineMb),
    times(m.rssMb),
    m.verdict,
  ].join(' | ');
}

async function realImages(): Promise<string[]> {
  if (!existsSync(DATA)) {
    console.log(`(no real images: ${DATA} is absent; measuring phantoms only)`);
    return [];
  }
  const files: string[] = [];
  for (const folder of ['t1', 'templates']) {
    for (const name of (await readdir(path.join(DATA, folder))).sort()) if (name.endsWith('.nii.gz')) files.push(path.join(DATA, folder, name));
  }
  return files;
}

async function main(): Promise<void> {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(path.join(OUT, 'qc'), { recursive: true });
  await mkdir(path.join(OUT, 'phantoms'), { recursive: true });

  console.log('\n## Speed and memory (fresh processes per image; ratio = deface / I/O floor; memory = peak over the Float32 voxel array)\n');
  console.log('deface = the first in a fresh process (a single `veil deface`); again = the same image once more in that process,');
  console.log('its code already compiled (each image after the first in a batch, whose engine workers live on).');
  console.log('engine memory = V8 heap in use + external memory (typed arrays, zlib), the target\'s measure; RSS = the process\'s');
  console.log('resident growth, which adds compiled code and allocator slack (both with the engine worker\'s 6 MB young generation).\n');
  console.log('image | dims | datatype | deface | I/O floor | ratio | deface again | ratio again | engine memory | RSS | verdict');
  console.log('--- | --- | --- | --- | --- | --- | --- | --- | --- | --- | ---');
  const phantomFiles: string[] = [];
  for (const { name, options } of PHANTOMS) {
    const file = path.join(OUT, 'phantoms', `${name}.nii.gz`);
    writeNifti(file, generatePhantom(options));
    phantomFiles.push(file);
    console.log(speedRow(name, await measure(file)));
  }
  const real = await realImages();
  for (const file of real) {
    const measured = await measure(file);
    console.log(speedRow(path.basename(file), measured) + (measured.reasons.length ? ` (${measured.reasons.join(' ')})` : ''));
  }

  console.log('\n## Brain safety on templates with a reference brain mask (target ≤ 0.1 % removed)\n');
  console.log('template | brain-mask voxels | removed | share');
  console.log('--- | --- | --- | ---');
  for (const [template, brain] of Object.entries(TEMPLATE_BRAINS)) {
    const templateFile = path.join(DATA, 'templates', template);
    if (!existsSync(templateFile)) continue;
    const removal = defaceVolume(scaledVoxels(parseNifti(await readFile(templateFile), templateFile)), DEFAULT_DEFACE_PARAMETERS).removalMask;
    const reference = parseNifti(await readFile(path.join(DATA, brain)), brain).stored;
    let inBrain = 0, removed = 0;
    reference.forEach((value, index) => {
      if (value > 0) {
        inBrain++;
        if (removal[index]) removed++;
      }
    });
    console.log([template, inBrain, removed, pct(removed / inBrain)].join(' | '));
  }

  console.log('\n## Phantoms with ground truth (targets: face and ears ≥ 99 % removed, brain 0 changed)\n');
  console.log('phantom | face removed | ears removed | brain voxels removed');
  console.log('--- | --- | --- | ---');
  for (const { name, options } of PHANTOMS) {
    const phantom = generatePhantom(options);
    const file = phantomFiles[PHANTOMS.findIndex((p) => p.name === name)] ?? '';
    const removal = defaceVolume(scaledVoxels(parseNifti(await readFile(file), file)), DEFAULT_DEFACE_PARAMETERS).removalMask;
    const share = (mask: Uint8Array) => {
      let total = 0, hit = 0;
      mask.forEach((inside, index) => {
        if (inside) {
          total++;
          if (removal[index]) hit++;
        }
      });
      return { total, hit };
    };
    const face = share(phantom.faceMask), ears = share(phantom.earMask), brain = share(phantom.brainMask);
    console.log([name, pct(face.hit / face.total), pct(ears.hit / ears.total), brain.hit].join(' | '));
  }

  if (real.length) {
    console.log(`\n## QC pictures of every real image (look at them): ${path.join(OUT, 'qc')}\n`);
    for (const file of real) {
      const name = path.basename(file).replace(/\.nii\.gz$/, '');
      await nativeEngine.run(
        { input: file, output: path.join(OUT, 'work', `${name}_qc.nii.gz`), parameters: DEFAULT_DEFACE_PARAMETERS, qcPngPrefix: path.join(OUT, 'qc', name), skipRecognizability: true },
        () => undefined,
        { aborted: false },
      );
      console.log(`${name}: ${name}_front.png, ${name}_left.png, ${name}_right.png`);
    }
  }
  await rm(path.join(OUT, 'work'), { recursive: true, force: true });
}

await main();
