/**
 * The Compare view's side of the contract: volume bytes and the removed-tissue mask go out as bytes,
 * PNG snapshots come in as bytes, over the core service and the browser shell's HTTP endpoints.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNifti } from '../../src/nifti/index.js';
import { startBrowserShell, type RunningBrowserShell } from '../../src/server/browser-shell.js';
import { createVeilService, type VeilService } from '../../src/service/veil-service.js';
import { snapshotPathFor } from '../../src/snapshots/save-snapshot.js';
import { encodeGrayPng } from '../../src/image/png.js';
import { encodeNifti, writeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom } from '../fixtures/phantom.js';
import { sendRaw } from '../support/raw-http.js';
import { makeTempDir } from '../support/temp-dir.js';

const ORIGINAL = 'sub-01/anat/sub-01_T1w.nii.gz';
const DEFACED = 'derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz';
const OTHER_GRID = 'sub-02/anat/sub-02_T1w.nii';

describe('Compare view bytes through the core and the browser shell', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let service: VeilService;
  let shell: RunningBrowserShell;
  let datasetId: string;
  const token = 'compare-token-0123456789';
  const phantom = generatePhantom({ voxelSize: [4, 4, 4], orientation: 'PSR' });
  /** The face (eyes, nose, lips) zeroed, as a defacing would. */
  const defacedData = phantom.data.map((value, index) => (phantom.faceMask[index] ? 0 : value));
  const root = () => path.join(tmp.path, 'study');
  const at = (relative: string) => path.join(root(), ...relative.split('/'));
  const readBytes = (method: string, params: unknown) => service.readBytes(method, { datasetId, ...(params as object) });

  beforeAll(async () => {
    tmp = await makeTempDir();
    for (const [relative, volume] of [
      [ORIGINAL, phantom],
      [DEFACED, { ...phantom, data: defacedData }],
      [OTHER_GRID, generatePhantom({ voxelSize: [5, 5, 5] })],
    ] as const) {
      await mkdir(path.dirname(at(relative)), { recursive: true });
      writeNifti(at(relative), volume);
    }
    await writeFile(at('sub-01/anat/notes.txt'), 'not an image');
    await writeFile(at('sub-01/anat/fake.nii'), 'not a NIfTI file at all, although named like one');
    await writeFile(path.join(tmp.path, 'outside.nii'), encodeNifti(phantom));
    service = createVeilService({ shell: 'browser', allowTypedPaths: true, reportError: () => undefined });
    const opened = await service.invoke('datasets.open', { path: root() });
    if (!opened.ok) throw new Error(opened.error.message);
    datasetId = (opened.value as { id: string }).id;
    const rendererDir = path.join(tmp.path, 'renderer');
    await mkdir(rendererDir);
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html>');
    shell = await startBrowserShell({ service, rendererDir, token });
  });
  afterAll(async () => {
    await shell.close();
    await tmp.remove();
  });

  it('sends a volume’s bytes as stored', async () => {
    const answer = await readBytes('volumes.read', { path: ORIGINAL });
    expect(answer.ok && Buffer.from(answer.value).equals(await readFile(at(ORIGINAL)))).toBe(true);
  });

  it('refuses what is not a NIfTI image of the dataset, naming it', async () => {
    expect(await readBytes('volumes.read', { path: 'sub-01/anat/notes.txt' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringContaining('notes.txt is not a NIfTI image') } });
    expect(await readBytes('volumes.read', { path: 'sub-01/anat/fake.nii' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/fake\.nii.*not a NIfTI file/) } });
    expect(await readBytes('volumes.read', { path: '../outside.nii' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await readBytes('volumes.read', { path: 'sub-09/missing.nii' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await service.readBytes('volumes.read', { path: ORIGINAL })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await service.readBytes('volumes.erase', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('sends a coarse Float32 preview of a volume, and refuses what is not a NIfTI image of the dataset', async () => {
    const answer = await readBytes('volumes.preview', { path: ORIGINAL });
    if (!answer.ok) throw new Error(answer.error.message);
    const preview = parseNifti(answer.value, 'preview.nii');
    expect([preview.datatype, preview.dims]).toEqual(['float32', phantom.dims]); // 4 mm voxels are already coarser than the preview
    expect(await readBytes('volumes.preview', { path: 'sub-01/anat/notes.txt' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringContaining('notes.txt is not a NIfTI image') } });
    expect(await readBytes('volumes.preview', { path: '../outside.nii' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('computes the removed-tissue mask from the two files: the cut face, on the original’s grid', async () => {
    const answer = await readBytes('volumes.removedMask', { original: ORIGINAL, defaced: DEFACED });
    if (!answer.ok) throw new Error(answer.error.message);
    const mask = parseNifti(answer.value, 'mask.nii');
    expect(mask.datatype).toBe('uint8');
    expect(mask.dims).toEqual(phantom.dims);
    expect(mask.extensions).toEqual([]);
    let [marked, faceTissue, outsideFace] = [0, 0, 0];
    const tissueFloor = 0.05 * phantom.maxIntensity;
    mask.stored.forEach((value, index) => {
      if (value) marked++;
      if (value && !phantom.faceMask[index]) outsideFace++;
      if (phantom.faceMask[index] && Number(phantom.data[index]) > tissueFloor) faceTissue++;
    });
    expect(outsideFace).toBe(0);
    expect(marked).toBeGreaterThan(0.95 * faceTissue);
  });

  it('refuses a removed-tissue mask for two images on different grids', async () => {
    expect(await readBytes('volumes.removedMask', { original: ORIGINAL, defaced: OTHER_GRID })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('not on the grid') },
    });
  });

  it('stores a PNG snapshot under .veil/snapshots and refuses anything else', async () => {
    const png = encodeGrayPng({ width: 2, height: 2, pixels: new Uint8Array([0, 80, 160, 255]) });
    const params = { datasetId, original: ORIGINAL, view: 'face-3d', side: 'defaced' };
    expect(await service.writeBytes('snapshots.save', params, png)).toEqual({ ok: true, value: { path: snapshotPathFor({ original: ORIGINAL, view: 'face-3d', side: 'defaced' }) } });
    expect(await readFile(at('.veil/snapshots/sub-01__anat__sub-01_T1w.nii.gz/face-3d-defaced.png'))).toEqual(png);
    expect(await service.writeBytes('snapshots.save', params, Buffer.from('GIF89a'))).toMatchObject({ ok: false, error: { message: 'The snapshot is not a PNG image.' } });
    expect(await service.writeBytes('snapshots.save', { ...params, original: 'sub-09/none.nii' }, png)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  describe('over HTTP', () => {
    const auth = { Authorization: `Bearer ${token}` };

    it('answers /api/read with the bytes as application/octet-stream, and a failure as a JSON Result', async () => {
      const ok = await sendRaw(shell.port, {
        method: 'POST',
        path: '/api/read',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ method: 'volumes.read', params: { datasetId, path: ORIGINAL } }),
      });
      expect(ok.status).toBe(200);
      expect(ok.headers['content-type']).toBe('application/octet-stream');
      expect(ok.bytes.equals(await readFile(at(ORIGINAL)))).toBe(true);

      const failed = await sendRaw(shell.port, {
        method: 'POST',
        path: '/api/read',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ method: 'volumes.read', params: { datasetId, path: 'sub-01/anat/notes.txt' } }),
      });
      expect(failed.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(failed.body)).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    });

    it('needs the token for bytes too', async () => {
      const call = JSON.stringify({ method: 'volumes.read', params: { datasetId, path: ORIGINAL } });
      const anonymous = await sendRaw(shell.port, { method: 'POST', path: '/api/read', headers: { 'Content-Type': 'application/json' }, body: call });
      expect(anonymous.status).toBe(401);
      expect(anonymous.bytes.includes(await readFile(at(ORIGINAL)))).toBe(false);
    });

    it('takes /api/write only as application/octet-stream with the call in X-Veil-Call', async () => {
      const png = encodeGrayPng({ width: 1, height: 1, pixels: new Uint8Array([7]) });
      const call = JSON.stringify({ method: 'snapshots.save', params: { datasetId, original: ORIGINAL, view: 'mid-sagittal', side: 'original' } });
      const saved = await sendRaw(shell.port, { method: 'POST', path: '/api/write', headers: { ...auth, 'Content-Type': 'application/octet-stream', 'X-Veil-Call': call }, body: png });
      expect(JSON.parse(saved.body)).toEqual({ ok: true, value: { path: '.veil/snapshots/sub-01__anat__sub-01_T1w.nii.gz/mid-sagittal-original.png' } });
      expect(await readFile(at(JSON.parse(saved.body).value.path))).toEqual(png);

      const asForm = await sendRaw(shell.port, { method: 'POST', path: '/api/write', headers: { ...auth, 'Content-Type': 'text/plain', 'X-Veil-Call': call }, body: png });
      expect(asForm.status).toBe(415);
      const noCall = await sendRaw(shell.port, { method: 'POST', path: '/api/write', headers: { ...auth, 'Content-Type': 'application/octet-stream' }, body: png });
      expect(noCall.status).toBe(400);
    });
  });
});
