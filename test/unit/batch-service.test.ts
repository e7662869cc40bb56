/**
 * `batch.start` / `batch.cancel` through the core service, on a small DCCN phantom dataset with the
 * native engine (in its worker from dist/): the requested T1s are defaced and everything else is
 * skipped with a reason, events carry only paths relative to the dataset root, a batch can be
 * cancelled whole or image by image, and a second batch on the same dataset is refused.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage, EventPayload, MethodResult } from '../../src/api/contract.js';
import { createVeilService, type VeilService } from '../../src/service/veil-service.js';
import { PHANTOM_DATASET, writePhantomDataset } from '../fixtures/phantom-dataset.js';
import { requireBuild } from '../support/built-app.js';
import { slurmMissingReason } from '../support/slurm-cluster.js';
import { makeTempDir } from '../support/temp-dir.js';

const [firstT1, secondT1] = PHANTOM_DATASET.t1s;
const slurmMissing = await slurmMissingReason();

describe('the batch service (batch.start, batch.cancel, batch events)', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let root: string;
  let service: VeilService;
  let datasetId: string;
  let seen: EventMessage[];
  const reported: unknown[] = [];

  beforeAll(() => requireBuild());
  beforeEach(async () => {
    tmp = await makeTempDir();
    root = path.join(tmp.path, 'study');
    await writePhantomDataset(root);
    reported.length = 0;
    seen = [];
    service = createVeilService({ shell: 'browser', allowTypedPaths: true, reportError: (error) => reported.push(error) });
    service.events.subscribe((message) => seen.push(message));
    const opened = await service.invoke('datasets.open', { path: root });
    datasetId = opened.ok ? (opened.value as { id: string }).id : '';
  });
  afterEach(() => tmp.remove());

  async function start(
    paths: string[],
    extra: { output?: 'beside' | 'derivatives'; force?: boolean; scheduler?: 'local' | 'slurm' } = {},
  ): Promise<MethodResult<'batch.start'>> {
    const result = await service.invoke('batch.start', { datasetId, paths, engine: 'native', output: extra.output ?? 'derivatives', ...extra });
    if (!result.ok) throw new Error(`batch.start failed: ${result.error.code} ${result.error.message}`);
    return result.value as MethodResult<'batch.start'>;
  }

  async function finished(batchId: string): Promise<EventPayload<'batch.finished'>> {
    const found = () => seen.find((m) => m.event === 'batch.finished' && (m.payload as { batchId: string }).batchId === batchId);
    await expect.poll(found, { timeout: 60_000, interval: 50 }).toBeDefined();
    return found()?.payload as EventPayload<'batch.finished'>;
  }

  const batchEvents = (batchId: string) =>
    seen
      .filter((m) => m.event === 'batch.event' && (m.payload as { batchId: string }).batchId === batchId)
      .map((m) => (m.payload as EventPayload<'batch.event'>).event);

  it('defaces the requested T1s, skips the rest with reasons, and reports with relative paths only', async () => {
    const started = await start([firstT1, secondT1, PHANTOM_DATASET.functional, 'raw/sub-404/nothing.nii']);
    expect(started.jobs).toBe(2);
    expect(started.batchId).toMatch(/^[0-9a-f]{16}$/);
    expect(started.skipped).toEqual([
      { path: PHANTOM_DATASET.functional, reason: 'functional: never defaced' },
      { path: 'raw/sub-404/nothing.nii', reason: 'not a NIfTI image of this dataset' },
    ]);
    const end = await finished(started.batchId);
    expect(end).toEqual({ batchId: started.batchId, error: null, summary: expect.objectContaining({ total: 2, done: 2, failed: 0, cancelled: 0 }) });

    const events = batchEvents(started.batchId);
    for (const input of [firstT1, secondT1]) {
      expect(events).toContainEqual({ type: 'start', input, output: `derivatives/veil/${input}` });
      expect(events).toContainEqual(expect.objectContaining({ type: 'progress', input }));
      expect(events).toContainEqual(expect.objectContaining({ type: 'done', input, output: `derivatives/veil/${input}`, verdict: expect.stringMatching(/pass|warn/) }));
      expect(existsSync(path.join(root, 'derivatives', 'veil', ...input.split('/')))).toBe(true);
    }
    expect(JSON.stringify(seen.filter((m) => m.event.startsWith('batch.')))).not.toContain(tmp.path);

    const scan = await service.invoke('datasets.scan', { datasetId });
    const states = scan.ok ? (scan.value as { images: { path: string; state: string | null }[] }).images : [];
    expect(states.filter((image) => PHANTOM_DATASET.t1s.some((t1) => t1 === image.path)).map((image) => image.state)).toEqual(['defaced', 'defaced']);

    const again = await start([firstT1], { output: 'derivatives' });
    expect(again).toMatchObject({ jobs: 0, skipped: [{ path: firstT1, reason: expect.stringContaining('already defaced') }] });
    expect(await finished(again.batchId)).toMatchObject({ summary: { total: 0, done: 0 }, error: null });
    expect(reported).toEqual([]);
  });

  it('cancels a whole batch, and one image of a batch', async () => {
    const all = await start([firstT1, secondT1], { output: 'beside' });
    expect(await service.invoke('batch.cancel', { batchId: all.batchId })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await finished(all.batchId)).toMatchObject({ summary: { total: 2, done: 0, cancelled: 2 }, error: null });
    expect(batchEvents(all.batchId).filter((event) => event.type === 'cancelled')).toHaveLength(2);
    expect(existsSync(path.join(root, path.dirname(firstT1), `defaced_${path.basename(firstT1)}`))).toBe(false);

    const one = await start([firstT1, secondT1], { output: 'beside' });
    expect(await service.invoke('batch.cancel', { batchId: one.batchId, path: secondT1 })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await service.invoke('batch.cancel', { batchId: one.batchId, path: PHANTOM_DATASET.functional })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await finished(one.batchId)).toMatchObject({ summary: { total: 2, done: 1, cancelled: 1 } });
    expect(batchEvents(one.batchId)).toContainEqual({ type: 'cancelled', input: secondT1 });
    expect(await service.invoke('batch.cancel', { batchId: one.batchId })).toEqual({ ok: true, value: { cancelled: false } });
    expect(reported).toEqual([]);
  });

  it('refuses a second batch on the same dataset, unknown datasets and bad requests', async () => {
    const first = await start([firstT1]);
    expect(await service.invoke('batch.start', { datasetId, paths: [secondT1], engine: 'native', output: 'derivatives' })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringContaining('already running') },
    });
    await finished(first.batchId);

    expect(await service.invoke('batch.start', { datasetId: '0123456789abcdef', paths: [firstT1], engine: 'native', output: 'derivatives' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await service.invoke('batch.start', { datasetId, paths: ['../outside.nii'], engine: 'native', output: 'derivatives' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining("'..'") },
    });
    expect(await service.invoke('batch.start', { datasetId, paths: [], engine: 'slurm', output: 'derivatives' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await service.invoke('batch.start', { datasetId, paths: Array.from({ length: 20_001 }, (_, i) => `x${i}.nii`), engine: 'native', output: 'beside' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await service.invoke('batch.cancel', { batchId: '0123456789abcdef' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(reported).toEqual([]);
  });

  it('fails a corrupt T1 with a legible message that names it relative to the dataset', async () => {
    await writeFile(path.join(root, ...firstT1.split('/')), Buffer.alloc(4000, 7));
    const started = await start([firstT1]);
    expect(await finished(started.batchId)).toMatchObject({ summary: { total: 1, done: 0, failed: 1 }, error: null });
    const failed = batchEvents(started.batchId).find((event) => event.type === 'failed');
    expect(failed).toMatchObject({ type: 'failed', input: firstT1, error: expect.stringContaining('not a NIfTI') });
    expect(JSON.stringify(failed)).not.toContain(tmp.path);
  });

  it.skipIf(slurmMissing !== null)(`runs the batch as a Slurm job array when asked${slurmMissing ? ` (skipped: ${slurmMissing})` : ''}`, { timeout: 90_000 }, async () => {
    const started = await start([firstT1, secondT1], { scheduler: 'slurm' });
    const end = await finished(started.batchId);
    expect(end.summary).toMatchObject({ total: 2, done: 2, failed: 0 });
    for (const input of [firstT1, secondT1]) expect(existsSync(path.join(root, 'derivatives', 'veil', ...input.split('/')))).toBe(true);
    expect(existsSync(path.join(root, '.veil', 'slurm'))).toBe(true);
  });
});
