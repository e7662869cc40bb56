/**
 * The parts of Veil's Slurm batches that need no cluster: reading squeue, quoting for sh, the sbatch
 * command line, Slurm missing or failing, how an ended task is judged, and the `veil slurm-task`
 * command itself run by hand (as Slurm would run it), including SIGTERM.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEFACE_PARAMETERS, SelfCheckSchema } from '../../src/api/deface.js';
import { writeSlurmManifest } from '../../src/batch/slurm/manifest.js';
import { quoteForSh } from '../../src/batch/slurm/shell-quote.js';
import { parseSqueueTasks } from '../../src/batch/slurm/squeue-tasks.js';
import { sbatchArguments, submitSlurmBatch, type SlurmBatchRequest } from '../../src/batch/slurm/submit-slurm-batch.js';
import { slurmTaskCommand } from '../../src/batch/slurm/task-command.js';
import { taskOutcome } from '../../src/batch/slurm/task-outcome.js';
import { readTaskStatus } from '../../src/batch/slurm/task-status.js';
import { manifestPath, taskStatusPath } from '../../src/batch/slurm/work-folder.js';
import { sidecarPathFor } from '../../src/engine/sidecar.js';
import { writeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom } from '../fixtures/phantom.js';
import { BUILT_CLI, requireBuild } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('squeue output of a job array', () => {
  it('reads running tasks, pending ranges with and without a throttle, and ignores other jobs', () => {
    const tasks = parseSqueueTasks('12_0 RUNNING\n12_1 COMPLETING\n12_[2-4%2] PENDING\n12_[6,8-9] PENDING\n120_3 RUNNING\n\n', '12');
    expect([...tasks.running].sort()).toEqual([0, 1]);
    expect([...tasks.pending].sort()).toEqual([2, 3, 4, 6, 8, 9]);
    expect(tasks.unindexed).toBe(false);
  });

  it('says a finished job has no tasks, and notices a line it cannot index', () => {
    expect(parseSqueueTasks('', '12')).toEqual({ running: new Set(), pending: new Set(), unindexed: false });
    expect(parseSqueueTasks('12 PENDING\n', '12').unindexed).toBe(true);
  });
});

describe('quoting for sh', () => {
  it.each(["plain", "with space", "it's", "$HOME `id` \"x\" \\ ;|&*", ''])('%j reaches sh unchanged', async (word) => {
    const { stdout } = await execa('sh', ['-c', `printf %s ${quoteForSh(word)}`]);
    expect(stdout).toBe(word);
  });
});

describe('the sbatch command line', () => {
  const request = (extra: Partial<SlurmBatchRequest['slurm']> = {}, workDir = "/data/it's/.veil/slurm/1"): SlurmBatchRequest => ({
    jobs: [0, 1, 2].map((n) => ({ input: `/in/${n}.nii`, output: `/out/${n}.nii` })),
    parameters: DEFAULT_DEFACE_PARAMETERS,
    engineName: 'native',
    workDir,
    slurm: { memoryMb: 4000, timeLimitMinutes: 30, maxParallelTasks: 2, ...extra },
  });

  it('asks for one array task per job, throttled, with a log per task, and runs the built CLI', () => {
    const args = sbatchArguments(request({ partition: 'batch' }), "/data/it's/.veil/slurm/1/manifest.json");
    expect(args.slice(0, -1)).toEqual([
      '--parsable',
      '--array=0-2%2',
      '--job-name=veil-deface',
      "--output=/data/it's/.veil/slurm/1/logs/%a.log",
      '--partition=batch',
      '--mem=4000',
      '--time=30',
      '--wrap',
    ]);
    expect(args.at(-1)).toBe(
      `exec ${quoteForSh(process.execPath)} ${quoteForSh(BUILT_CLI)} 'slurm-task' '/data/it'\\''s/.veil/slurm/1/manifest.json' "$SLURM_ARRAY_TASK_ID"`,
    );
  });

  it('refuses options Slurm would misread', () => {
    expect(() => sbatchArguments(request({ maxParallelTasks: 0 }), 'm')).toThrow(/maxParallelTasks/);
    expect(() => sbatchArguments(request({}, '/data/100%/work'), 'm')).toThrow(/may not contain %/);
  });
});

describe('the command a task runs', () => {
  it('is this Node and this build from the command line, the cluster\'s `veil` from the desktop app, VEIL_CLI when set', () => {
    expect(slurmTaskCommand({ execPath: '/usr/bin/node', env: {} })).toEqual(['/usr/bin/node', BUILT_CLI]);
    // The desktop app's executable is Electron: an installed build cannot run it as Node.
    expect(slurmTaskCommand({ execPath: '/opt/Veil/veil-desktop', electron: '45.5.0', env: {} })).toEqual(['veil']);
    expect(slurmTaskCommand({ execPath: '/opt/Veil/veil-desktop', electron: '45.5.0', env: { VEIL_CLI: '/home/me/.npm-global/bin/veil' } })).toEqual(['/home/me/.npm-global/bin/veil']);
  });
});

describe('Slurm missing or failing', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  const savedPath = process.env.PATH;
  const submit = () =>
    submitSlurmBatch({
      jobs: [{ input: '/in/a.nii', output: '/out/a.nii' }],
      parameters: DEFAULT_DEFACE_PARAMETERS,
      engineName: 'native',
      workDir: path.join(tmp.path, 'work'),
      slurm: { memoryMb: 100, timeLimitMinutes: 1, maxParallelTasks: 1 },
    });

  beforeAll(async () => {
    tmp = await makeTempDir();
    await mkdir(path.join(tmp.path, 'bin'));
  });
  afterEach(() => {
    process.env.PATH = savedPath;
  });
  afterAll(() => tmp.remove());

  it('says plainly that sbatch is not there', async () => {
    process.env.PATH = path.join(tmp.path, 'bin');
    await expect(submit()).rejects.toThrow('Slurm is not available on this machine: sbatch not found');
  });

  it("passes on sbatch's own complaint", async () => {
    const fake = path.join(tmp.path, 'bin', 'sbatch');
    await writeFile(fake, '#!/bin/sh\necho "sbatch: error: invalid partition specified: nope" >&2\nexit 1\n');
    await chmod(fake, 0o755);
    process.env.PATH = `${path.join(tmp.path, 'bin')}${path.delimiter}${savedPath}`;
    await expect(submit()).rejects.toThrow('sbatch failed: sbatch: error: invalid partition specified: nope');
    // The manifest is written before submitting, for the tasks to read.
    expect(existsSync(manifestPath(path.join(tmp.path, 'work')))).toBe(true);
  });
});

describe('how an ended task is judged', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => (tmp = await makeTempDir()));
  afterAll(() => tmp.remove());
  const log = async (text: string) => {
    const file = path.join(tmp.path, `${Math.random()}.log`);
    await writeFile(file, text);
    return file;
  };
  const startedAt = '2024-01-01T12:00:00.000Z';

  it('takes a final status at its word', async () => {
    expect(await taskOutcome({ state: 'done', verdict: 'warn', startedAt, finishedAt: '2024-01-01T12:00:02.500Z' }, 'none.log', false)).toEqual({
      type: 'done',
      verdict: 'warn',
      seconds: 2.5,
    });
    expect(await taskOutcome({ state: 'failed', error: 'not a NIfTI file', startedAt }, await log('read…\n'), false)).toEqual({ type: 'failed', error: 'not a NIfTI file' });
  });

  it("tells scancel from Slurm's time limit", async () => {
    const cancelled = await log('slurmstepd-vm: error: *** JOB 9 ON vm CANCELLED AT 2024-01-01T12:00:01 ***\n');
    const timedOut = await log('slurmstepd-vm: error: *** JOB 9 ON vm CANCELLED AT 2024-01-01T12:30:01 DUE TO TIME LIMIT ***\n');
    expect(await taskOutcome({ state: 'failed', error: 'Cancelled', startedAt }, cancelled, false)).toEqual({ type: 'cancelled' });
    expect(await taskOutcome({ state: 'running', startedAt }, timedOut, false)).toEqual({ type: 'failed', error: expect.stringContaining('time limit') });
  });

  it('quotes the end of the log of a task that died without a word, and judges a task that never started', async () => {
    const outcome = await taskOutcome({ state: 'running', startedAt }, await log(`${'noise\n'.repeat(20)}slurmstepd: error: Detected 1 oom_kill event\n`), false);
    expect(outcome).toEqual({ type: 'failed', error: expect.stringContaining('oom_kill') });
    expect(await taskOutcome(null, path.join(tmp.path, 'absent.log'), true)).toEqual({ type: 'cancelled' });
    expect(await taskOutcome(null, path.join(tmp.path, 'absent.log'), false)).toEqual({ type: 'failed', error: expect.stringContaining('before it started') });
  });
});

describe('`veil slurm-task MANIFEST INDEX` run by hand', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let work: string;
  const jobs: { input: string; output: string }[] = [];

  beforeAll(async () => {
    requireBuild();
    tmp = await makeTempDir();
    work = path.join(tmp.path, 'work');
    await mkdir(path.join(tmp.path, 'out'));
    writeNifti(path.join(tmp.path, 'small.nii'), generatePhantom({ voxelSize: [3, 3, 3] }));
    // Fine enough to take a few seconds, so SIGTERM lands in the middle of the run.
    writeNifti(path.join(tmp.path, 'fine.nii'), generatePhantom({ voxelSize: [1.5, 1.5, 1.5] }));
    await writeFile(path.join(tmp.path, 'corrupt.nii'), 'not an image');
    for (const name of ['small', 'corrupt', 'fine']) jobs.push({ input: path.join(tmp.path, `${name}.nii`), output: path.join(tmp.path, 'out', `${name}.nii`) });
    await writeSlurmManifest(manifestPath(work), { schema: 'veil.slurm-batch/1', engine: 'native', parameters: DEFAULT_DEFACE_PARAMETERS, skipRecognizability: true, jobs });
  });
  afterAll(() => tmp.remove());
  const task = (index: string) => execa(process.execPath, [BUILT_CLI, 'slurm-task', manifestPath(work), index], { reject: false });

  it('defaces its job, writes the sidecar, and reports done', async () => {
    expect((await task('0')).exitCode).toBe(0);
    expect(await readTaskStatus(taskStatusPath(work, 0))).toMatchObject({ state: 'done', verdict: 'pass', finishedAt: expect.any(String) });
    const sidecar = SelfCheckSchema.parse(JSON.parse(await readFile(sidecarPathFor(jobs[0]?.output ?? ''), 'utf8')));
    expect(sidecar.output.path).toBe(jobs[0]?.output);
  });

  it('reports a corrupt input as failed, with the reason', async () => {
    const run = await task('1');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/not a NIfTI file/);
    expect(await readTaskStatus(taskStatusPath(work, 1))).toMatchObject({ state: 'failed', error: expect.stringMatching(/not a NIfTI file/) });
  });

  it('refuses an index outside the manifest', async () => {
    const run = await task('7');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/from 0 to 2/);
  });

  it('stops on SIGTERM, leaving no output and no temporary files', async () => {
    const run = task('2');
    // Mid-run: once the engine reports its longest stage.
    await new Promise<void>((resolve) => run.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('brain-surface') && resolve()));
    run.kill('SIGTERM');
    expect((await run).exitCode).toBe(1);
    expect(await readTaskStatus(taskStatusPath(work, 2))).toMatchObject({ state: 'failed', error: expect.stringMatching(/Cancelled/) });
    expect((await readdir(path.join(tmp.path, 'out'))).filter((name) => name.startsWith('fine') || name.startsWith('.fine'))).toEqual([]);
  });
});
