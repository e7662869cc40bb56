/**
 * `veil deface-all` on a DCCN-layout dataset built from phantoms: exactly the T1s are defaced, the rest
 * skipped with reasons, a corrupt file fails, originals stay byte-identical, a killed run resumes
 * without redoing finished images, and a rerun does nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom } from '../fixtures/phantom.js';
import { BUILT_CLI, PROJECT_ROOT, requireBuild } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';
import { slurmMissingReason } from '../support/slurm-cluster.js';
import { runVeil } from '../support/veil-process.js';

const slurmMissing = await slurmMissingReason();
const SHARED_T1 = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 't1');
const sharedDataMissing = existsSync(SHARED_T1) ? null : `${SHARED_T1} is absent`;

const T1_SERIES = '002-t1_mprage_sag_ipat2_1p0iso';

/** Every file below `root` (relative) with its sha256, to prove originals were not touched. */
async function fingerprints(root: string, folder = ''): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(path.join(root, folder), { withFileTypes: true })) {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) for (const [file, hash] of await fingerprints(root, relative)) found.set(file, hash);
    else found.set(relative, createHash('sha256').update(await readFile(path.join(root, relative))).digest('hex'));
  }
  return found;
}

async function writeDataset(root: string): Promise<void> {
  for (const [n, orientation] of [[1, 'PSR'], [2, 'RAS'], [3, 'LAS']] as const) {
    const session = path.join(root, 'raw', `sub-00${n}`, 'ses-mri01');
    await mkdir(path.join(session, T1_SERIES), { recursive: true });
    await mkdir(path.join(session, '004-fmri_task'), { recursive: true });
    writeNifti(path.join(session, T1_SERIES, `00001_1.3.12.2.1107.5.2.19.45416.20250101120000${n}.nii`), generatePhantom({ voxelSize: [3, 3, 3], orientation, seed: n }));
    writeNifti(path.join(session, '004-fmri_task', `00001_1.3.12.2.1107.5.2.19.45416.20250101130000${n}.nii`), generatePhantom({ voxelSize: [4, 4, 4] }));
  }
  const corrupt = path.join(root, 'raw', 'sub-004', 'ses-mri01', T1_SERIES);
  await mkdir(corrupt, { recursive: true });
  await writeFile(path.join(corrupt, '00001_corrupt.nii'), Buffer.alloc(4000, 7));
}

// --no-recognizability: these tests are about batches; the check itself is tested in recognizability.test.ts
// (and it would only warn on these 3 mm phantoms, whose faces the detector cannot find).
describe('veil deface-all', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let root: string;
  beforeAll(() => requireBuild());
  beforeEach(async () => {
    tmp = await makeTempDir();
    root = path.join(tmp.path, 'project');
    await writeDataset(root);
  });
  afterEach(() => tmp.remove());

  it('defaces exactly the T1s beside the originals, fails the corrupt one, and does nothing on a rerun', async () => {
    const before = await fingerprints(root);
    const first = await runVeil(['deface-all', '--no-recognizability', root, '--output', 'beside', '--jobs', '2']);
    expect(first.code).toBe(1); // the corrupt file failed
    expect(first.stdout).toMatch(/Done 3, already done 0, skipped 3, failed 1, cancelled 0/);
    expect(first.stdout).toMatch(/00001_corrupt\.nii: FAILED: .*not a NIfTI file/);
    const after = await fingerprints(root);
    for (const [file, hash] of before) expect(after.get(file), file).toBe(hash);
    const outputs = [...after.keys()].filter((file) => path.basename(file).startsWith('defaced_')).sort();
    expect(outputs).toHaveLength(6); // three images and their .veil.json
    expect(outputs.every((file) => file.includes(T1_SERIES))).toBe(true);

    const scan = JSON.parse((await runVeil(['scan', root, '--json'])).stdout) as { path: string; state: string | null }[];
    expect(scan.find((image) => image.path.endsWith('00001_corrupt.nii'))?.state).toBe('failed');

    const rerun = await runVeil(['deface-all', '--no-recognizability', root, '--output', 'beside']);
    expect(rerun.stdout).toMatch(/1 failed earlier \(use --retry-failed/);
    // skipped: 3 functional, 3 T1s already defaced, 3 defaced outputs
    expect(rerun.stdout).toMatch(/Done 0, already done 0, skipped 9, failed 1/);
    const untouched = await fingerprints(root);
    expect([...untouched.entries()].filter(([file]) => !file.startsWith('.veil'))).toEqual([...after.entries()].filter(([file]) => !file.startsWith('.veil')));
  });

  it('writes BIDS-style derivatives with DeidentificationMethod, and --json lines', async () => {
    const result = await runVeil(['deface-all', '--no-recognizability', root, '--only', '001,sub-002', '--json', '--gunzip']);
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; input?: string });
    expect(events.filter((event) => event.type === 'done').map((event) => event.input?.split('/')[1]).sort()).toEqual(['sub-001', 'sub-002']);
    expect(events.at(-1)).toMatchObject({ type: 'summary', done: 2, failed: 0 });
    const derivatives = path.join(root, 'derivatives', 'veil');
    const description = JSON.parse(await readFile(path.join(derivatives, 'dataset_description.json'), 'utf8')) as { DatasetType: string };
    expect(description.DatasetType).toBe('derivative');
    const outputFolder = path.join(derivatives, 'raw', 'sub-001', 'ses-mri01', T1_SERIES);
    const files = (await readdir(outputFolder)).sort();
    expect(files).toEqual(['00001_1.3.12.2.1107.5.2.19.45416.202501011200001.json', '00001_1.3.12.2.1107.5.2.19.45416.202501011200001.nii', '00001_1.3.12.2.1107.5.2.19.45416.202501011200001.veil.json']);
    const bids = JSON.parse(await readFile(path.join(outputFolder, files[0] ?? ''), 'utf8')) as { DeidentificationMethodCodeSequence: { CodeValue: string }[] };
    expect(bids.DeidentificationMethodCodeSequence[0]?.CodeValue).toBe('113102');
  });

  it('uses FSL when FSLDIR finds it (auto), streams its output as the job log, and self-checks its result', async () => {
    const fslDir = path.join(PROJECT_ROOT, 'test', 'fixtures', 'fake-fsl');
    const result = await runVeil(['deface-all', '--no-recognizability', root, '--only', 'sub-001', '--json', '--fsl-frac', '0.4'], { ...process.env, FSLDIR: fslDir });
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; message?: string; line?: string });
    expect(events.find((event) => event.type === 'info')?.message).toMatch(/^Engine: fsl 6\.0\.7\.9-fake \(FSL found\)/);
    const log = events.filter((event) => event.type === 'log').map((event) => event.line).join('\n');
    expect(log).toContain(`"-f","0.4"`); // the stand-in echoes its arguments
    const sidecar = (await readdir(path.join(root, 'derivatives', 'veil', 'raw', 'sub-001', 'ses-mri01', T1_SERIES))).find((file) => file.endsWith('.veil.json'));
    const check = JSON.parse(await readFile(path.join(root, 'derivatives', 'veil', 'raw', 'sub-001', 'ses-mri01', T1_SERIES, sidecar ?? ''), 'utf8')) as { engine: { name: string; version: string } };
    expect(check.engine).toEqual({ name: 'fsl', version: '6.0.7.9-fake' });
  });

  it('resumes after kill -9 without redoing finished images and without partial outputs', async () => {
    const child = spawn(process.execPath, [BUILT_CLI, 'deface-all', '--no-recognizability', root, '--json', '--jobs', '1', '--only', 'sub-001,sub-002,sub-003']);
    let firstDone = '';
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const done = buffer.split('\n').find((line) => line.includes('"type":"done"'));
        if (done && !firstDone) {
          firstDone = (JSON.parse(done) as { input: string }).input;
          child.kill('SIGKILL');
        }
      });
      child.on('exit', () => (firstDone ? resolve() : reject(new Error('the batch ended before any image was done'))));
    });
    const sidecarOfFirst = path.join(root, 'derivatives', 'veil', firstDone.replace(/\.nii$/, '.veil.json'));
    const firstCheck = await readFile(sidecarOfFirst, 'utf8');

    const resumed = await runVeil(['deface-all', '--no-recognizability', root, '--only', 'sub-001,sub-002,sub-003']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/Done 2,/);
    expect(resumed.stdout).not.toContain(path.basename(firstDone));
    expect(await readFile(sidecarOfFirst, 'utf8')).toBe(firstCheck); // not done twice

    const outputs = await fingerprints(path.join(root, 'derivatives', 'veil'));
    expect([...outputs.keys()].filter((file) => file.endsWith('.tmp'))).toEqual([]);
    expect([...outputs.keys()].filter((file) => file.endsWith('.veil.json'))).toHaveLength(3);
  });

  it.skipIf(slurmMissing !== null)(`runs the same batch as a Slurm job array${slurmMissing ? ` (skipped: ${slurmMissing})` : ''}`, { timeout: 90_000 }, async () => {
    const before = await fingerprints(root);
    const result = await runVeil(['deface-all', '--no-recognizability', root, '--scheduler', 'slurm', '--jobs', '2', '--mem', '1500']);
    expect(result.stdout).toMatch(/Submitted Slurm job array \d+ \(4 tasks, at most 2 at once\)/);
    expect(result.stdout).toMatch(/Done 3, already done 0, skipped 3, failed 1, cancelled 0/);
    expect(result.code).toBe(1);
    const after = await fingerprints(root);
    for (const [file, hash] of before) expect(after.get(file), file).toBe(hash);
    const derived = [...after.keys()].filter((file) => file.startsWith(path.join('derivatives', 'veil', 'raw')));
    expect(derived.filter((file) => file.endsWith('.veil.json'))).toHaveLength(3);
    expect(derived.filter((file) => /\d\.json$/.test(file) && !file.endsWith('.veil.json'))).toHaveLength(3); // BIDS sidecars
    const rerun = await runVeil(['deface-all', '--no-recognizability', root, '--scheduler', 'slurm']);
    expect(rerun.stdout).toMatch(/1 failed earlier \(use --retry-failed/);
    expect(rerun.stdout).not.toMatch(/Submitted Slurm job array/);
  });
});

describe.skipIf(sharedDataMissing !== null)(`veil deface-all on real heads in a DCCN layout${sharedDataMissing ? ` (skipped: ${sharedDataMissing})` : ''}`, () => {
  it('defaces exactly the T1s, fails the corrupt one, keeps originals byte-identical and does nothing on a rerun', { timeout: 60_000 }, async () => {
    requireBuild();
    const tmp = await makeTempDir();
    try {
      const heads = ['allineate_T1w2mm', 'niivue-demo-images_T1_head_ext2', 'dcm_qa_decubitus_HFS_t1_fl2d_sag'];
      for (const [index, head] of heads.entries()) {
        const session = path.join(tmp.path, 'raw', `sub-00${index + 1}`, 'ses-mri01');
        await mkdir(path.join(session, T1_SERIES), { recursive: true });
        await mkdir(path.join(session, '004-fmri_task'), { recursive: true });
        // The tutorial's layout holds gunzipped .nii files.
        await writeFile(path.join(session, T1_SERIES, `00001_1.3.12.2.1107.5.2.19.45416.2025010112000${index}.nii`), gunzipSync(await readFile(path.join(SHARED_T1, `${head}.nii.gz`))));
        await copyFile(path.join(SHARED_T1, `${head}.nii.gz`), path.join(session, '004-fmri_task', `00001_1.3.12.2.1107.5.2.19.45416.2025010113000${index}.nii.gz`));
      }
      const corrupt = path.join(tmp.path, 'raw', 'sub-004', 'ses-mri01', T1_SERIES);
      await mkdir(corrupt, { recursive: true });
      await writeFile(path.join(corrupt, '00001_corrupt.nii'), Buffer.alloc(4000, 7));
      const before = await fingerprints(tmp.path);

      const first = await runVeil(['deface-all', '--no-recognizability', tmp.path, '--output', 'beside']);
      expect(first.stdout).toMatch(/Done 3, already done 0, skipped 3, failed 1, cancelled 0/);
      expect(first.stdout.match(/: pass \(/g)).toHaveLength(3);
      const after = await fingerprints(tmp.path);
      for (const [file, hash] of before) expect(after.get(file), file).toBe(hash);

      const rerun = await runVeil(['deface-all', '--no-recognizability', tmp.path, '--output', 'beside']);
      expect(rerun.stdout).toMatch(/Done 0, already done 0, skipped 9, failed 1/);
    } finally {
      await tmp.remove();
    }
  });
});
