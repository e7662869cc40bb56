/** The deface state the scan gives each T1, from the outputs and self-check sidecars it finds. */
import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outputPathFor, withNiftiExtension } from '../../src/datasets/output-paths.js';
import { scanDataset } from '../../src/datasets/scan/scan-dataset.js';
import { fingerprintOf, writeFakeOutput, writeTree } from '../fixtures/scan-fixtures.js';
import { makeTempDir } from '../support/temp-dir.js';

const T1 = 'raw/sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso/00001_1.3.12.2.1107.5.2.19.45416.nii';
const T1_DIR = path.posix.dirname(T1);
const DEFACED = `${T1_DIR}/defaced_00001_1.3.12.2.1107.5.2.19.45416.nii`;

describe('output paths (shared with the batch runner)', () => {
  it('puts outputs beside the input, under derivatives/veil, or under an out root', () => {
    expect(outputPathFor('/p', 'raw/sub-001/x.nii', { convention: 'beside' })).toBe('/p/raw/sub-001/defaced_x.nii');
    expect(outputPathFor('/p', 'raw/sub-001/x.nii', { convention: 'derivatives' })).toBe('/p/derivatives/veil/raw/sub-001/x.nii');
    expect(outputPathFor('/p', 'sub-01/anat/a_T1w.nii.gz', { convention: 'out', outRoot: '/o' }, '.nii')).toBe('/o/sub-01/anat/a_T1w.nii');
    expect(withNiftiExtension('/d/x.nii', '.nii.gz')).toBe('/d/x.nii.gz');
  });
});

describe('dataset scan: deface state of T1s', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let input: string;
  const t1Of = async (options: Parameters<typeof scanDataset>[1] = {}) => {
    const image = (await scanDataset(tmp.path, options)).images.find((candidate) => candidate.path === T1);
    return { state: image?.state, output: image?.output, reason: image?.reason };
  };

  beforeEach(async () => {
    tmp = await makeTempDir();
    await writeTree(tmp.path, [T1]);
    input = path.join(tmp.path, T1);
  });
  afterEach(() => tmp.remove());

  it('is not-defaced without outputs, and lists the output itself as defaced-output', async () => {
    expect(await t1Of()).toEqual({ state: 'not-defaced', output: null, reason: null });
    await writeFakeOutput(input, path.join(tmp.path, DEFACED));
    const scan = await scanDataset(tmp.path);
    expect(scan.images.map((image) => [image.path, image.kind, image.state])).toEqual([
      [T1, 't1', 'defaced'],
      [DEFACED, 'defaced-output', null],
    ]);
  });

  it('is defaced when the sidecar passes and its input size and mtime match (the tutorial convention)', async () => {
    await writeFakeOutput(input, path.join(tmp.path, DEFACED), { verdict: 'warn' });
    expect(await t1Of()).toEqual({ state: 'defaced', output: DEFACED, reason: null });
  });

  it('is defaced when only the mtime changed but the sha256 still matches (touched, copied)', async () => {
    await writeFakeOutput(input, path.join(tmp.path, DEFACED));
    await utimes(input, new Date(), new Date(Date.now() + 60_000));
    expect(await t1Of()).toMatchObject({ state: 'defaced', output: DEFACED });
  });

  it('is stale when the input changed after it was defaced', async () => {
    const fingerprint = await fingerprintOf(input);
    await writeFakeOutput(input, path.join(tmp.path, DEFACED), { inputFingerprint: fingerprint });
    await writeFile(input, 'a different scan\n');
    expect(await t1Of()).toEqual({ state: 'stale', output: DEFACED, reason: expect.stringMatching(/input changed.*sha256/) });
  });

  it('is failed when the self-check verdict is fail, with its reasons', async () => {
    await writeFakeOutput(input, path.join(tmp.path, DEFACED), { verdict: 'fail' });
    expect(await t1Of()).toEqual({ state: 'failed', output: DEFACED, reason: 'The self-check failed: 3 brain voxels changed.' });
  });

  it('is failed when the sidecar cannot be parsed, saying why', async () => {
    await writeTree(tmp.path, [DEFACED, { [DEFACED.replace(/\.nii$/, '.veil.json')]: '{"schema": "something else"}' }]);
    expect(await t1Of()).toEqual({ state: 'failed', output: DEFACED, reason: expect.stringMatching(/^The self-check .*defaced_.*\.veil\.json cannot be used: it is not a Veil self-check \(schema: /) });
    await writeTree(tmp.path, [{ [DEFACED.replace(/\.nii$/, '.veil.json')]: '{ truncated' }]);
    expect((await t1Of()).reason).toMatch(/cannot be used: it is not valid JSON\.$/);
  });

  it('is not-defaced, naming the output, when an output has no Veil sidecar (e.g. from fsl_deface)', async () => {
    await writeTree(tmp.path, [DEFACED]);
    expect(await t1Of()).toEqual({ state: 'not-defaced', output: DEFACED, reason: `${DEFACED} exists without a Veil self-check beside it.` });
  });

  it('finds .nii.gz outputs under derivatives/veil, and prefers a good output over a failed one', async () => {
    const derived = outputPathFor(tmp.path, T1, { convention: 'derivatives' }, '.nii.gz');
    await writeFakeOutput(input, derived);
    await writeFakeOutput(input, path.join(tmp.path, DEFACED), { verdict: 'fail' });
    expect(await t1Of()).toEqual({ state: 'defaced', output: `derivatives/veil/${T1}.gz`, reason: null });
  });

  it('finds outputs under an out root outside the dataset when asked to', async () => {
    const out = await makeTempDir('veil-out-');
    try {
      const output = outputPathFor(tmp.path, T1, { convention: 'out', outRoot: out.path });
      await writeFakeOutput(input, output);
      expect(await t1Of()).toMatchObject({ state: 'not-defaced', output: null });
      expect(await t1Of({ outRoot: out.path })).toEqual({ state: 'defaced', output, reason: null });
    } finally {
      await out.remove();
    }
  });
});
