/**
 * Submits a batch of defacing jobs to Slurm as one job array: task i defaces job i by running
 * `veil slurm-task MANIFEST i` on a compute node (which `veil`: see task-command.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DefaceParameters } from '../../api/deface.js';
import { VeilError } from '../../api/result.js';
import { writeSlurmManifest } from './manifest.js';
import { quoteForSh } from './shell-quote.js';
import { runSlurmCommand } from './slurm-command.js';
import { slurmTaskCommand } from './task-command.js';
import { cancelMarkerPath, manifestPath, taskLogPattern } from './work-folder.js';

export interface SlurmOptions {
  partition?: string;
  memoryMb: number;
  timeLimitMinutes: number;
  /** At most this many tasks run at once (the `%M` of `--array`). */
  maxParallelTasks: number;
}

export interface SlurmBatchRequest {
  /** Absolute paths; job i becomes array task i. */
  jobs: { input: string; output: string }[];
  parameters: DefaceParameters;
  /** The engine the tasks run, e.g. `native`. */
  engineName: string;
  /** Leave out the recognizability check in every task. */
  skipRecognizability?: boolean;
  /** A fresh folder for the manifest, the status files and the logs, e.g. `<stateRoot>/.veil/slurm/<timestamp>/`. */
  workDir: string;
  slurm: SlurmOptions;
}

/**
 * Writes the manifest into the work folder and submits the job array; resolves with the Slurm job id.
 *
 * @example
 * const jobId = await submitSlurmBatch({ jobs, parameters, engineName: 'native', workDir,
 *   slurm: { memoryMb: 4000, timeLimitMinutes: 30, maxParallelTasks: 20 } });
 */
export async function submitSlurmBatch(request: SlurmBatchRequest): Promise<string> {
  if (request.jobs.length === 0) throw new VeilError('BAD_REQUEST', 'There are no images to deface.');
  const manifest = manifestPath(request.workDir);
  await mkdir(path.join(request.workDir, 'logs'), { recursive: true });
  await mkdir(path.join(request.workDir, 'status'), { recursive: true });
  await writeSlurmManifest(manifest, {
    schema: 'veil.slurm-batch/1',
    engine: request.engineName,
    parameters: request.parameters,
    ...(request.skipRecognizability ? { skipRecognizability: true } : {}),
    jobs: request.jobs,
  });
  const stdout = await runSlurmCommand('sbatch', sbatchArguments(request, manifest));
  // --parsable prints `jobid` or `jobid;cluster`.
  const jobId = stdout.trim().split(';')[0] ?? '';
  if (!/^\d+$/.test(jobId)) throw new VeilError('INTERNAL', `sbatch answered without a job id: ${stdout.trim()}`);
  return jobId;
}

/**
 * The sbatch command line for a request; only the `--wrap` string is interpreted by sh on the node.
 *
 * @example
 * sbatchArguments(request, '/work/manifest.json');
 * // ['--parsable', '--array=0-2%2', '--job-name=veil-deface', '--output=/work/logs/%a.log', '--mem=4000', '--time=30', '--wrap', "exec '/usr/bin/node' …"]
 */
export function sbatchArguments(request: SlurmBatchRequest, manifest: string): string[] {
  const { slurm } = request;
  // Slurm expands every `%` in --output, and a backslash would switch off the `%a` Veil needs.
  if (/[%\\]/.test(request.workDir)) throw new VeilError('BAD_REQUEST', `The Slurm work folder may not contain % or \\: ${request.workDir}`);
  for (const [name, value] of Object.entries({ memoryMb: slurm.memoryMb, timeLimitMinutes: slurm.timeLimitMinutes, maxParallelTasks: slurm.maxParallelTasks })) {
    if (!Number.isInteger(value) || value < 1) throw new VeilError('BAD_REQUEST', `Slurm option ${name} must be a whole number of at least 1 (got ${value}).`);
  }
  // `exec` makes Veil the step's process, so scancel's SIGTERM reaches Veil (which cleans up) and not only sh.
  const command = ['exec', ...[...slurmTaskCommand(), 'slurm-task', manifest].map(quoteForSh), '"$SLURM_ARRAY_TASK_ID"'].join(' ');
  return [
    '--parsable',
    `--array=0-${request.jobs.length - 1}%${slurm.maxParallelTasks}`,
    '--job-name=veil-deface',
    `--output=${taskLogPattern(request.workDir)}`,
    ...(slurm.partition ? [`--partition=${slurm.partition}`] : []),
    `--mem=${slurm.memoryMb}`,
    `--time=${slurm.timeLimitMinutes}`,
    '--wrap',
    command,
  ];
}

/**
 * Cancels every task of a Slurm job: running ones get SIGTERM and remove their partial outputs,
 * pending ones never start. Given the work folder, it also leaves a marker there so the watcher
 * reports the tasks that never started as cancelled (Slurm keeps no record of them).
 *
 * @example
 * await cancelSlurmBatch('1234', workDir);
 */
export async function cancelSlurmBatch(jobId: string, workDir?: string): Promise<void> {
  if (!/^\d+$/.test(jobId)) throw new VeilError('BAD_REQUEST', `Not a Slurm job id: ${jobId}`);
  if (workDir !== undefined) await writeFile(cancelMarkerPath(workDir), `${new Date().toISOString()}\n`);
  await runSlurmCommand('scancel', [jobId]);
}
