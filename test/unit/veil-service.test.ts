import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../src/api/contract.js';
import { createVeilService } from '../../src/service/veil-service.js';
import { DCCN_FIXTURE_FILES, writeDccnFixture } from '../fixtures/dataset-tree.js';
import { writeFakeOutput } from '../fixtures/scan-fixtures.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('the core service (the contract behind both shells)', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  const reported: unknown[] = [];
  const browserService = () =>
    createVeilService({ shell: 'browser', allowTypedPaths: true, reportError: (error) => reported.push(error) });

  beforeEach(async () => {
    tmp = await makeTempDir();
    await writeDccnFixture(tmp.path);
    reported.length = 0;
  });
  afterEach(() => tmp.remove());

  it('answers app.info with the shell and its capabilities', async () => {
    const result = await browserService().invoke('app.info', {});
    expect(result).toMatchObject({
      ok: true,
      value: { name: 'Veil', shell: 'browser', capabilities: { typedPaths: true, nativeDirectoryPicker: false } },
    });
  });

  it('opens a dataset, announces it as an event, and lists its top level', async () => {
    const service = browserService();
    const seen: EventMessage[] = [];
    service.events.subscribe((message) => seen.push(message));
    const opened = await service.invoke('datasets.open', { path: tmp.path });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const dataset = opened.value as { id: string; root: string };
    expect(seen).toEqual([{ event: 'datasets.opened', payload: dataset }]);

    const listing = await service.invoke('files.list', { datasetId: dataset.id, path: '' });
    expect(listing).toEqual({
      ok: true,
      value: {
        datasetId: dataset.id,
        path: '',
        entries: [
          expect.objectContaining({ name: 'raw', path: 'raw', type: 'directory' }),
          expect.objectContaining({ name: 'README.txt', path: 'README.txt', type: 'file' }),
        ],
      },
    });
  });

  it('lists nested folders in natural order (sub-2 before sub-10)', async () => {
    const service = browserService();
    const opened = await service.invoke('datasets.open', { path: tmp.path });
    const id = opened.ok ? (opened.value as { id: string }).id : '';
    const listing = await service.invoke('files.list', { datasetId: id, path: 'raw/' });
    expect(listing.ok && (listing.value as { entries: { name: string }[] }).entries.map((e) => e.name)).toEqual([
      'sub-001',
      'sub-002',
      'sub-010',
    ]);
    const file = DCCN_FIXTURE_FILES[0] ?? '';
    const deep = await service.invoke('files.list', { datasetId: id, path: path.dirname(file) });
    expect(deep.ok && (deep.value as { entries: { path: string }[] }).entries[0]?.path).toBe(file);
  });

  it('returns errors as data: unknown method, invalid params, escapes, missing folders', async () => {
    const service = browserService();
    expect(await service.invoke('files.delete', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await service.invoke('files.list', { datasetId: 'nope', path: '' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('datasetId') },
    });
    expect(await service.invoke('datasets.open', { path: tmp.path, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    const opened = await service.invoke('datasets.open', { path: tmp.path });
    const id = opened.ok ? (opened.value as { id: string }).id : '';
    expect(await service.invoke('files.list', { datasetId: id, path: '../..' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining("'..'") },
    });
    expect(await service.invoke('files.list', { datasetId: id, path: 'raw/sub-404' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await service.invoke('files.list', { datasetId: id, path: 'README.txt' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_A_DIRECTORY' },
    });
    expect(await service.invoke('datasets.open', { path: path.join(tmp.path, 'missing') })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('missing') },
    });
    expect(reported).toEqual([]);
  });

  it('scans an open dataset: layout, images with paths relative to its root, kinds and states', async () => {
    const [t1 = '', secondT1 = '', fmri = ''] = DCCN_FIXTURE_FILES;
    const defaced = secondT1.replace(/[^/]+$/, (name) => `defaced_${name}`);
    await writeFakeOutput(path.join(tmp.path, secondT1), path.join(tmp.path, defaced));
    const service = browserService();
    const opened = await service.invoke('datasets.open', { path: tmp.path });
    const id = opened.ok ? (opened.value as { id: string }).id : '';

    const scan = await service.invoke('datasets.scan', { datasetId: id });
    expect(scan).toEqual({
      ok: true,
      value: { datasetId: id, layout: 'dccn', dataRoot: 'raw', warnings: [], images: expect.any(Array) },
    });
    const images = scan.ok ? (scan.value as { images: unknown[] }).images : [];
    expect(images).toEqual([
      {
        path: t1, location: 'primary', subject: 'sub-001', session: 'ses-mri01', series: '002-t1_mprage_sag_ipat2_1p0iso',
        seriesNumber: 2, kind: 't1', state: 'not-defaced', output: null, reason: null, review: null,
      },
      expect.objectContaining({ path: secondT1, subject: 'sub-002', kind: 't1', state: 'defaced', output: defaced, reason: null }),
      expect.objectContaining({ path: defaced, kind: 'defaced-output', state: null }),
      expect.objectContaining({ path: fmri, subject: 'sub-010', series: '004-fmri_task', seriesNumber: 4, kind: 'functional', state: null }),
    ]);
    expect(reported).toEqual([]);
  });

  it('scans with a layout the caller chose, and refuses unknown datasets, layouts and extra params', async () => {
    const service = browserService();
    const opened = await service.invoke('datasets.open', { path: tmp.path });
    const id = opened.ok ? (opened.value as { id: string }).id : '';
    expect(await service.invoke('datasets.scan', { datasetId: id, layout: 'flat' })).toMatchObject({
      ok: true,
      value: { layout: 'flat', dataRoot: '' },
    });
    expect(await service.invoke('datasets.scan', { datasetId: '0123456789abcdef' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await service.invoke('datasets.scan', { datasetId: id, layout: 'nifti' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await service.invoke('datasets.scan', { datasetId: id, outRoot: '/tmp' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(reported).toEqual([]);
  });

  it('in the Electron shell opens datasets only through the picker', async () => {
    let answer: string | null = tmp.path;
    const service = createVeilService({ shell: 'electron', allowTypedPaths: false, pickDirectory: async () => answer });
    expect(await service.invoke('datasets.open', { path: tmp.path })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED' },
    });
    expect(await service.invoke('datasets.pick', {})).toMatchObject({ ok: true, value: { root: tmp.path } });
    answer = null;
    expect(await service.invoke('datasets.pick', {})).toEqual({ ok: true, value: null });
    expect(await service.openDataset(tmp.path)).toMatchObject({ ok: true });
  });

  it('creates the practice project in a typed or picked folder and opens it, refusing a folder that is not empty', async () => {
    const typed = path.join(tmp.path, 'practice');
    const browser = browserService();
    const seen: string[] = [];
    browser.events.subscribe((message) => seen.push(message.event));
    expect(await browser.invoke('tutorial.create', { path: typed })).toMatchObject({ ok: true, value: { root: typed } });
    expect(seen).toEqual(['datasets.opened']);
    expect(await browser.invoke('tutorial.create', { path: typed })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/is not empty/) } });
    expect(await browser.invoke('tutorial.create', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });

    let answer: string | null = path.join(tmp.path, 'picked');
    const electron = createVeilService({ shell: 'electron', allowTypedPaths: false, pickDirectory: async () => answer });
    expect(await electron.invoke('tutorial.create', { path: path.join(tmp.path, 'typed') })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(await electron.invoke('tutorial.create', {})).toMatchObject({ ok: true, value: { root: answer } });
    answer = null;
    expect(await electron.invoke('tutorial.create', {})).toEqual({ ok: true, value: null });
  }, 60_000);

  it('opens what the shell was asked to: a folder as a dataset, an image as its dataset and then the image, once', async () => {
    const service = createVeilService({ shell: 'electron', allowTypedPaths: false });
    const seen: string[] = [];
    service.events.subscribe((message) => seen.push(message.event));
    const image = DCCN_FIXTURE_FILES[1] ?? '';
    const opened = await service.openTarget(path.join(tmp.path, ...image.split('/')));
    expect(opened).toMatchObject({ ok: true, value: { root: tmp.path } });
    const datasetId = opened.ok ? (opened.value as { id: string }).id : '';
    // The UI shows the dataset when it takes the request, so the dataset is not announced on its own.
    expect(seen).toEqual(['images.openRequested']);
    expect(await service.invoke('images.takeOpenRequest', {})).toEqual({ ok: true, value: { datasetId, path: image } });
    expect(await service.invoke('images.takeOpenRequest', {})).toEqual({ ok: true, value: null });

    expect(await service.openTarget(tmp.path)).toMatchObject({ ok: true });
    expect(seen).toEqual(['images.openRequested', 'datasets.opened']);
    expect(await service.invoke('images.takeOpenRequest', {})).toEqual({ ok: true, value: null });
    expect(await service.openTarget(path.join(tmp.path, 'README.txt'))).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });

  it('reports an unexpected failure as INTERNAL data and to the error reporter, not as an exception', async () => {
    const service = createVeilService({
      shell: 'electron',
      allowTypedPaths: false,
      pickDirectory: async () => {
        throw new Error('dialog crashed');
      },
      reportError: (error) => reported.push(error),
    });
    expect(await service.invoke('datasets.pick', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'datasets.pick failed: dialog crashed' },
    });
    expect(reported).toHaveLength(1);
  });
});
