import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/engine/worker/worker-pool.js';
import { makeTempDir } from '../support/temp-dir.js';

/** Answers every job with its text; 'throw later' also throws once the answer is out, while idle. */
const WORKER = `
import { parentPort } from 'node:worker_threads';
parentPort.on('message', (job) => {
  parentPort.postMessage({ answer: job.text });
  if (job.text === 'throw later') setTimeout(() => { throw new Error('thrown while idle'); }, 20);
});
`;

describe('a pool of long-lived workers', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let pool: WorkerPool;
  const ask = (job: unknown) => pool.run<{ answer: string }, string>(job, (message) => ({ value: message.answer }));

  beforeAll(async () => {
    tmp = await makeTempDir();
    const script = path.join(tmp.path, 'echo-worker.mjs');
    await writeFile(script, WORKER);
    pool = new WorkerPool(script, 'echo worker', 10_000);
  });
  afterAll(() => tmp.remove());

  it('drops a worker that throws while idle, without the error reaching the host', async () => {
    expect(await ask({ text: 'throw later' })).toBe('throw later');
    expect(pool.idleCount).toBe(1);
    // The worker is idle and unreferenced: wait for it to end through its own error.
    const hostErrors: unknown[] = [];
    const onUncaught = (error: unknown) => hostErrors.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(hostErrors).toEqual([]);
    expect(pool.idleCount).toBe(0);
    expect(await ask({ text: 'next' })).toBe('next');
  });

  it('rejects a job that cannot be sent and keeps the worker for the next one', async () => {
    await expect(ask({ text: 'x', notCloneable: () => undefined })).rejects.toThrow(/could not be cloned/);
    expect(pool.idleCount).toBe(1);
    expect(await ask({ text: 'after' })).toBe('after');
    expect(pool.idleCount).toBe(1);
  });
});
