/**
 * `veil slurm-task MANIFEST INDEX` (hidden): what each task of a Slurm job array runs on its compute
 * node. It defaces job INDEX of the manifest with the native engine, and records how it went in
 * `<work>/status/<INDEX>.json` for the watcher on the submitting side. Exit code 0 on pass or warn,
 * 1 otherwise. SIGTERM (scancel, or Slurm's time limit) cancels the run and removes what it wrote.
 */
import path from 'node:path';
import { readSlurmManifest, type SlurmManifest } from '../batch/slurm/manifest.js';
import { removeChangedOutput, snapshotOutput } from '../batch/partial-output.js';
import { writeTaskStatus, type TaskStatus } from '../batch/slurm/task-status.js';
import { taskStatusPath } from '../batch/slurm/work-folder.js';
import { CancelledError } from '../engine/engine.js';
import { NATIVE_ENGINE_NAME } from '../engine/native-engine.js';
import { runNativeInWorker } from '../engine/worker/run-native-in-worker.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

/** Engine names a manifest may ask for; only the native engine runs on the nodes so far. */
const NATIVE_ENGINE_NAMES = new Set(['native', NATIVE_ENGINE_NAME]);

/**
 * Runs task INDEX of the batch whose manifest is MANIFEST and returns the exit code.
 *
 * @example
 * process.exitCode = await slurmTaskCommand('/data/.veil/slurm/20240101T120000/manifest.json', '3');
 */
export async function slurmTaskCommand(manifestFile: string, indexText: string): Promise<number> {
  const manifest = await readSlurmManifest(path.resolve(manifestFile));
  const { index, job } = pickJob(indexText, manifest);
  const statusFile = taskStatusPath(path.dirname(path.resolve(manifestFile)), index);
  const startedAt = new Date().toISOString();
  const finish = async (status: Omit<TaskStatus, 'startedAt' | 'finishedAt'>) =>
    writeTaskStatus(statusFile, { ...status, startedAt, finishedAt: new Date().toISOString() });

  await writeTaskStatus(statusFile, { state: 'running', startedAt });
  console.log(`veil: task ${index}: ${job.input} -> ${job.output}`);
  if (!NATIVE_ENGINE_NAMES.has(manifest.engine)) {
    const error = `The engine "${manifest.engine}" cannot run in a Slurm task (only the native engine can).`;
    console.error(`veil: ${error}`);
    await finish({ state: 'failed', error });
    return EXIT_FAILURE;
  }

  const before = await snapshotOutput(job.output);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  // `on`, not `once`: a second signal must not kill the process half-way through its clean-up.
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    let lastStage = '';
    const outcome = await runNativeInWorker(
      { input: job.input, output: job.output, parameters: manifest.parameters, ...(manifest.skipRecognizability ? { skipRecognizability: true } : {}) },
      (progress) => {
        if (progress.stage === lastStage) return;
        lastStage = progress.stage;
        console.log(`  ${progress.stage}…`);
      },
      controller.signal,
    );
    const { verdict, reasons } = outcome.selfCheck;
    console.log(`veil: ${verdict.toUpperCase()}${reasons.length ? `: ${reasons.join(' ')}` : ''}`);
    if (verdict === 'fail') {
      // Like the local batch runner: the output stays, with its sidecar saying why it failed.
      await finish({ state: 'failed', verdict, error: `self-check failed: ${reasons.join(' ')}` });
      return EXIT_FAILURE;
    }
    await finish({ state: 'done', verdict });
    return EXIT_OK;
  } catch (error) {
    await removeChangedOutput(job.output, before);
    const message = error instanceof CancelledError ? 'Cancelled; no output was written.' : error instanceof Error ? error.message : String(error);
    console.error(`veil: ${message}`);
    await finish({ state: 'failed', error: message });
    return EXIT_FAILURE;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/** Job INDEX of the manifest (Slurm passes the task index as text). */
function pickJob(text: string, manifest: SlurmManifest): { index: number; job: SlurmManifest['jobs'][number] } {
  const index = /^\d+$/.test(text) ? Number(text) : -1;
  const job = manifest.jobs[index];
  if (job === undefined) throw new CliError(`INDEX must be a task number from 0 to ${manifest.jobs.length - 1} (got "${text}").`, EXIT_USAGE);
  return { index, job };
}
