/**
 * `veil deface` end to end on phantoms written to disk: outputs, exit codes, the self-check, and the
 * promises a data steward relies on (the input is never modified, nothing partial is left behind).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelfCheck } from '../../src/api/deface.js';
import { parseNifti } from '../../src/nifti/index.js';
import { writeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom } from '../fixtures/phantom.js';
import { requireBuild } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';
import { runVeil } from '../support/veil-process.js';


const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('veil deface', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let input: string;

  beforeAll(async () => {
    requireBuild();
    tmp = await makeTempDir();
    input = path.join(tmp.path, 'raw.nii.gz');
    writeNifti(input, generatePhantom({ voxelSize: [2, 2, 2], orientation: 'PSR' }));
  });
  afterAll(() => tmp.remove());

  it('defaces into an uncompressed .nii, prints the self-check as JSON, and leaves the input untouched', async () => {
    const before = await sha256(input);
    const output = path.join(tmp.path, 'defaced_raw.nii');
    const result = await runVeil(['deface', input, output, '--json']);
    expect(result.stderr).toBe('');
    const check = JSON.parse(result.stdout) as SelfCheck;
    expect(result.code).toBe(check.verdict === 'pass' ? 0 : 3);
    expect(check).toMatchObject({ geometryUnchanged: true, brainVoxelsChanged: 0, engine: { name: 'veil-native' } });
    expect(check.faceRegionRemovedFraction).toBeGreaterThan(0.95);
    expect(check.removedVolumeMl).toBeGreaterThan(50);
    expect(check.input).toMatchObject({ path: input, sha256: before, size: (await stat(input)).size });
    expect(await sha256(input)).toBe(before);

    const written = await readFile(output);
    expect(written.subarray(344, 348).toString('latin1')).toBe('n+1\0'); // not gzip
    expect(check.output.sha256).toBe(createHash('sha256').update(written).digest('hex'));
    const sidecar = JSON.parse(await readFile(path.join(tmp.path, 'defaced_raw.veil.json'), 'utf8')) as SelfCheck;
    expect(sidecar.verdict).toBe(check.verdict);
  });

  it('writes QC pictures, the removal mask and the brain mask when asked, and keeps the ears with --no-ears', async () => {
    const output = path.join(tmp.path, 'noears.nii.gz');
    const result = await runVeil([
      'deface', input, output, '--no-ears', '--margin', '12',
      '--qc-png', path.join(tmp.path, 'qc'), '--mask-out', path.join(tmp.path, 'removed.nii.gz'), '--brain-out', path.join(tmp.path, 'brain.nii.gz'),
    ]);
    expect([0, 3]).toContain(result.code);
    expect(result.stdout).toMatch(/face \d+\.\d% removed, ears kept/);
    const check = JSON.parse(await readFile(path.join(tmp.path, 'noears.veil.json'), 'utf8')) as SelfCheck;
    expect(check.parameters).toEqual({ removeEars: false, marginMm: 12, removeNeck: false });
    expect(check.earRegionRemovedFraction).toBeNull();
    for (const picture of ['qc_front.png', 'qc_left.png', 'qc_right.png']) {
      expect((await readFile(path.join(tmp.path, picture))).subarray(1, 4).toString()).toBe('PNG');
    }
    const removed = parseNifti(await readFile(path.join(tmp.path, 'removed.nii.gz')), 'removed');
    const brain = parseNifti(await readFile(path.join(tmp.path, 'brain.nii.gz')), 'brain');
    expect(removed.datatype).toBe('uint8');
    const removedVoxels = Array.from(removed.stored);
    const overlap = removedVoxels.filter((value, index) => value && brain.stored[index]).length;
    expect(removedVoxels.filter(Boolean).length).toBeGreaterThan(1000);
    expect(overlap).toBe(0);
  });

  it('refuses to overwrite the input or an existing output without --force (exit 2)', async () => {
    const same = await runVeil(['deface', input, input]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/Refusing to overwrite the input/);
    const existing = path.join(tmp.path, 'exists.nii.gz');
    await writeFile(existing, 'keep me');
    const refused = await runVeil(['deface', input, existing]);
    expect(refused.code).toBe(2);
    expect(await readFile(existing, 'utf8')).toBe('keep me');
    expect([0, 3]).toContain((await runVeil(['deface', input, existing, '--force'])).code);
    expect((await runVeil(['deface', input, path.join(tmp.path, 'out.img')])).code).toBe(2);
  });

  it('fails with exit 1 and a clear message on bad input, leaving nothing behind', async () => {
    const folder = (await makeTempDir()).path;
    const notNifti = path.join(folder, 'notes.nii');
    await writeFile(notNifti, 'this is not an image');
    const bad = await runVeil(['deface', notNifti, path.join(folder, 'out.nii')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/notes\.nii.*not a NIfTI file/);
    const fourD = path.join(folder, 'bold.nii');
    const phantom = generatePhantom({ voxelSize: [3, 3, 3] });
    writeNifti(fourD, { ...phantom, dims: [...phantom.dims, 2], data: Int16Array.from([...phantom.data, ...phantom.data]) });
    const timeSeries = await runVeil(['deface', fourD, path.join(folder, 'out4d.nii')]);
    expect(timeSeries.code).toBe(1);
    expect(timeSeries.stderr).toMatch(/not a T1 anatomical: 4D/);
    const empty = path.join(folder, 'empty.nii');
    writeNifti(empty, { ...phantom, data: new Int16Array(phantom.data.length) });
    const noHead = await runVeil(['deface', empty, path.join(folder, 'out-empty.nii')]);
    expect(noHead.code).toBe(1);
    expect(noHead.stderr).toMatch(/^veil: .*empty\.nii: The image is empty: .*no head to deface\.$/m);
    expect(noHead.stderr).not.toMatch(/\n\s+at /); // one line, no stack trace
    expect((await readdir(folder)).sort()).toEqual(['bold.nii', 'empty.nii', 'notes.nii']);
  });
});
