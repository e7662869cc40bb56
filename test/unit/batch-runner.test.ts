import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DEFACE_PARAMETERS, type SelfCheck, type Verdict } from '../../src/api/deface.js';
import { batchStatePath, saveBatchState } from '../../src/batch/batch-state.js';
import { startBatch, type BatchEvent, type BatchOptions, type RunDeface } from '../../src/batch/run-batch.js';
import { CancelledError } from '../../src/engine/engine.js';
import { makeTempDir } from '../support/temp-dir.js';

/** A stand-in engine: takes `delayMs`, honours the signal, and gives each input the verdict asked for. */
function fakeEngine(verdicts: Record<string, Verdict | 'throw'> = {}, delayMs = 20): { run: RunDeface; calls: string[] } {
  const calls: string[] = [];
  const run: RunDeface = (request, onProgress, signal) =>
    new Promise((resolve, reject) => {
      calls.push(path.basename(request.input));
      onProgress({ stage: 'read', fraction: 0.1 });
      const timer = setTimeout(async () => {
        const verdict = verdicts[path.basename(request.input)] ?? 'pass';
        if (verdict === 'throw') return reject(new Error(`${request.input}: not a NIfTI file`));
        await writeFile(request.output, 'defaced');
        resolve({ selfCheck: { verdict, reasons: verdict === 'pass' ? [] : ['because'] } as SelfCheck, sidecar: '', qcPictures: [] });
      }, delayMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new CancelledError());
      });
    });
  return { run, calls };
}

describe('the batch runner', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let jobs: { input: string; output: string }[];
  const events: BatchEvent[] = [];
  const options = (runDeface: RunDeface, extra: Partial<BatchOptions> = {}): BatchOptions => ({
    stateRoot: tmp.path,
    jobs,
    engineName: 'fake',
    parameters: DEFAULT_DEFACE_PARAMETERS,
    runDeface,
    concurrency: 2,
    timeLimitMs: 10_000,
    retryFailed: false,
    onEvent: (event) => events.push(event),
    ...extra,
  });

  beforeEach(async () => {
    tmp = await makeTempDir();
    await mkdir(path.join(tmp.path, 'out'));
    jobs = ['a', 'b', 'c', 'd'].map((name) => ({ input: path.join(tmp.path, `${name}.nii`), output: path.join(tmp.path, 'out', `${name}.nii`) }));
    events.length = 0;
  });
  afterEach(() => tmp.remove());

  it('runs every job, reports each, records them as done, and does nothing on a rerun', async () => {
    const engine = fakeEngine({ 'c.nii': 'warn' });
    const summary = await startBatch(options(engine.run)).finished;
    expect(summary).toMatchObject({ total: 4, done: 4, alreadyDone: 0, failed: 0, warnings: 1 });
    expect(events.filter((e) => e.type === 'done')).toHaveLength(4);
    const saved = JSON.parse(await readFile(batchStatePath(tmp.path), 'utf8')) as { jobs: { status: string }[] };
    expect(saved.jobs.map((job) => job.status)).toEqual(['done', 'done', 'done', 'done']);

    const again = fakeEngine();
    expect(await startBatch(options(again.run)).finished).toMatchObject({ done: 0, alreadyDone: 4 });
    expect(again.calls).toEqual([]);
  });

  it('records failures (errors and failed self-checks) and retries them only when asked', async () => {
    const first = await startBatch(options(fakeEngine({ 'b.nii': 'throw', 'd.nii': 'fail' }).run)).finished;
    expect(first).toMatchObject({ done: 2, failed: 2 });
    expect(events).toContainEqual({ type: 'failed', input: jobs[1]?.input, error: expect.stringContaining('not a NIfTI file') });

    const skip = fakeEngine();
    expect(await startBatch(options(skip.run)).finished).toMatchObject({ done: 0, alreadyDone: 2, failed: 2 });
    expect(skip.calls).toEqual([]);

    const retry = fakeEngine();
    expect(await startBatch(options(retry.run, { retryFailed: true })).finished).toMatchObject({ done: 2, failed: 0 });
    expect(retry.calls.sort()).toEqual(['b.nii', 'd.nii']);
  });

  it('cancels all jobs; a later run resumes with the ones not done', async () => {
    const engine = fakeEngine({}, 300);
    const run = startBatch(options(engine.run, { concurrency: 1 }));
    setTimeout(() => run.cancel(), 100);
    const summary = await run.finished;
    expect(summary).toMatchObject({ done: 0, cancelled: 4 });
    const resumed = fakeEngine();
    expect(await startBatch(options(resumed.run)).finished).toMatchObject({ done: 4 });
  });

  it('cancels one job alone', async () => {
    const engine = fakeEngine({}, 200);
    const run = startBatch(options(engine.run, { concurrency: 4 }));
    setTimeout(() => run.cancel(jobs[2]?.input), 50);
    expect(await run.finished).toMatchObject({ done: 3, cancelled: 1 });
  });

  it('fails a job that runs past its time limit', async () => {
    const summary = await startBatch(options(fakeEngine({}, 5_000).run, { timeLimitMs: 100, jobs: jobs.slice(0, 1) })).finished;
    expect(summary).toMatchObject({ failed: 1 });
    expect(events).toContainEqual({ type: 'failed', input: jobs[0]?.input, error: 'Stopped at the time limit of 0 s.' });
  });

  it('after a kill, removes what the running job left behind and runs it once more; done jobs are not redone', async () => {
    const [a, b] = jobs;
    if (!a || !b) throw new Error('fixture');
    await saveBatchState(batchStatePath(tmp.path), {
      schema: 'veil.batch/1',
      engine: 'fake',
      parameters: DEFAULT_DEFACE_PARAMETERS,
      jobs: [
        { ...a, status: 'done', attempts: 1, verdict: 'pass', error: null },
        { ...b, status: 'running', attempts: 1, verdict: null, error: null },
      ],
    });
    await writeFile(path.join(tmp.path, 'out', '.b.nii.3f2a1b.tmp'), 'half');
    await writeFile(path.join(tmp.path, 'out', '.unrelated.tmp'), 'not ours');
    const engine = fakeEngine();
    const summary = await startBatch(options(engine.run, { jobs: [a, b] })).finished;
    expect(summary).toMatchObject({ done: 1, alreadyDone: 1 });
    expect(engine.calls).toEqual(['b.nii']);
    expect((await readdir(path.join(tmp.path, 'out'))).sort()).toEqual(['.unrelated.tmp', 'b.nii']);
  });

  it('refuses to run two batches on the same dataset at once', async () => {
    const first = startBatch(options(fakeEngine({}, 300).run));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(startBatch(options(fakeEngine().run)).finished).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await first.finished;
  });

  it('takes over the lock of a batch whose process is gone, not of one still alive', async () => {
    await mkdir(path.join(tmp.path, '.veil'), { recursive: true });
    const lock = path.join(tmp.path, '.veil', 'batch.lock');
    await writeFile(lock, '4194304\n'); // above Linux's pid_max: no such process
    expect(await startBatch(options(fakeEngine().run)).finished).toMatchObject({ done: 4 });
    await writeFile(lock, '1\n'); // init is always alive
    await expect(startBatch(options(fakeEngine().run)).finished).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('process 1') });
  });
});
