/**
 * Veil's batch defacing on a real one-node Slurm cluster (started here as root, see
 * test/support/slurm-cluster.ts; skipped with the reason where that cannot be): a job array over small
 * phantoms and one corrupt file, followed to the end with the same events and summary as the local
 * batch runner, and a batch cancelled half-way that leaves nothing in the queue and no partial output.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEFACE_PARAMETERS, SelfCheckSchema } from '../../src/api/deface.js';
import type { BatchEvent } from '../../src/batch/run-batch.js';
import { cancelSlurmBatch, submitSlurmBatch, type SlurmBatchRequest } from '../../src/batch/slurm/submit-slurm-batch.js';
import { watchSlurmBatch } from '../../src/batch/slurm/watch-slurm-batch.js';
import { sidecarPathFor } from '../../src/engine/sidecar.js';
import { writeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom } from '../fixtures/phantom.js';
import { requireBuild } from '../support/built-app.js';
import { slurmMissingReason } from '../support/slurm-cluster.js';
import { makeTempDir } from '../support/temp-dir.js';

const missingReason = await slurmMissingReason();
if (missingReason) console.warn(`Skipping Slurm batch tests: ${missingReason}`);

/** Slurm schedules in seconds; a poll this often keeps the tests short without loading slurmctld. */
const POLL_MS = 300;

describe.skipIf(missingReason !== null)(`batch defacing on Slurm${missingReason ? ` (skipped: ${missingReason})` : ''}`, () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    requireBuild();
    tmp = await makeTempDir();
    await mkdir(path.join(tmp.path, 'in'));
    await mkdir(path.join(tmp.path, 'out'));
  });
  afterAll(() => tmp.remove());

  const request = (name: string, jobs: SlurmBatchRequest['jobs'], maxParallelTasks: number): SlurmBatchRequest => ({
    jobs,
    parameters: DEFAULT_DEFACE_PARAMETERS,
    engineName: 'native',
    workDir: path.join(tmp.path, '.veil', 'slurm', name),
    slurm: { memoryMb: 1000, timeLimitMinutes: 5, maxParallelTasks },
  });
  const job = (input: string, output: string) => ({ input: path.join(tmp.path, 'in', input), output: path.join(tmp.path, 'out', output) });
  const queued = async (jobId: string) => (await execa('squeue', ['-h', '-j', jobId, '-o', '%i %T'], { reject: false })).stdout.trim();

  it('defaces every good image, reports the corrupt one with its reason, and sums up like the local runner', { timeout: 60_000 }, async () => {
    for (const [name, seed] of [['sub-01', 1], ['sub-02', 2]] as const) writeNifti(path.join(tmp.path, 'in', `${name}.nii`), generatePhantom({ voxelSize: [3, 3, 3], seed }));
    await writeFile(path.join(tmp.path, 'in', 'sub-03.nii'), 'this is not a NIfTI image');
    const jobs = [job('sub-01.nii', 'sub-01.nii'), job('sub-02.nii', 'sub-02.nii.gz'), job('sub-03.nii', 'sub-03.nii')];
    const events: BatchEvent[] = [];

    const batch = request('complete', jobs, 2);
    const jobId = await submitSlurmBatch(batch);
    expect(jobId).toMatch(/^\d+$/);
    const summary = await watchSlurmBatch(jobId, batch.workDir, jobs, (event) => events.push(event), POLL_MS);

    expect(summary).toMatchObject({ total: 3, done: 2, alreadyDone: 0, failed: 1, cancelled: 0 });
    expect(summary.warnings).toBe(events.filter((event) => event.type === 'done' && event.verdict === 'warn').length);
    for (const { input, output } of jobs.slice(0, 2)) {
      const sidecar = SelfCheckSchema.parse(JSON.parse(await readFile(sidecarPathFor(output), 'utf8')));
      expect(sidecar.output.path).toBe(output);
      expect(events).toContainEqual({ type: 'done', input, output, verdict: sidecar.verdict, seconds: expect.any(Number) });
    }
    expect(events).toContainEqual({ type: 'failed', input: jobs[2]?.input, error: expect.stringMatching(/not a NIfTI file/) });
    expect(existsSync(jobs[2]?.output ?? '')).toBe(false);
    // Every task starts once, before it ends.
    for (const { input } of jobs) {
      const own = events.filter((event) => 'input' in event && event.input === input).map((event) => event.type);
      expect(own).toHaveLength(2);
      expect(own[0]).toBe('start');
    }
    expect(await queued(jobId)).toBe('');
  });

  it('cancels a running batch: nothing left in the queue, no partial outputs', { timeout: 60_000 }, async () => {
    // Fine enough that a task runs for a few seconds; one at a time, so the others are still pending.
    writeNifti(path.join(tmp.path, 'in', 'fine.nii'), generatePhantom({ voxelSize: [1.5, 1.5, 1.5] }));
    const jobs = ['a', 'b', 'c'].map((name) => job('fine.nii', `cancel-${name}.nii`));
    const events: BatchEvent[] = [];
    const batch = request('cancelled', jobs, 1);
    const jobId = await submitSlurmBatch(batch);

    let cancelling: Promise<void> | undefined;
    const summary = await watchSlurmBatch(
      jobId,
      batch.workDir,
      jobs,
      (event) => {
        events.push(event);
        if (event.type === 'start' && cancelling === undefined) cancelling = cancelSlurmBatch(jobId, batch.workDir);
      },
      POLL_MS,
    );
    await cancelling;

    expect(await queued(jobId)).toBe('');
    expect(summary.total).toBe(3);
    expect(summary.cancelled).toBeGreaterThanOrEqual(2);
    expect(summary.done + summary.cancelled).toBe(3);
    const left = (await readdir(path.join(tmp.path, 'out'))).filter((name) => name.includes('cancel-'));
    const finished = events.flatMap((event) => (event.type === 'done' ? [path.basename(event.output)] : []));
    // Only what finished before the cancel is there, each with its sidecar; no temporary files.
    expect(left.sort()).toEqual(finished.flatMap((name) => [name, path.basename(sidecarPathFor(name))]).sort());
  });
});
