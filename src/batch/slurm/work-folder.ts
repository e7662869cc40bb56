/**
 * The layout of a Slurm batch's work folder (e.g. `<stateRoot>/.veil/slurm/<timestamp>/`), shared by
 * the submitting side and the tasks on the compute nodes (HPC nodes see the same file system):
 * `manifest.json` (the plan), `status/<index>.json` (what each task reports), `logs/<index>.log`
 * (Slurm's output of each task).
 */
import path from 'node:path';

/**
 * The manifest of the batch in `workDir`.
 *
 * @example
 * manifestPath('/data/.veil/slurm/20240101T120000'); // '/data/.veil/slurm/20240101T120000/manifest.json'
 */
export function manifestPath(workDir: string): string {
  return path.join(workDir, 'manifest.json');
}

/**
 * The status file task `index` writes.
 *
 * @example
 * taskStatusPath(workDir, 3); // '<workDir>/status/3.json'
 */
export function taskStatusPath(workDir: string, index: number): string {
  return path.join(workDir, 'status', `${index}.json`);
}

/**
 * The log Slurm writes for task `index` (stdout and stderr of the task).
 *
 * @example
 * taskLogPath(workDir, 3); // '<workDir>/logs/3.log'
 */
export function taskLogPath(workDir: string, index: number): string {
  return path.join(workDir, 'logs', `${index}.log`);
}

/**
 * The `--output` pattern that makes Slurm write each task's log where `taskLogPath` finds it.
 *
 * @example
 * taskLogPattern(workDir); // '<workDir>/logs/%a.log'
 */
export function taskLogPattern(workDir: string): string {
  return path.join(workDir, 'logs', '%a.log');
}

/**
 * The marker `cancelSlurmBatch` leaves, so the watcher reports tasks that never started as
 * cancelled rather than failed.
 *
 * @example
 * cancelMarkerPath(workDir); // '<workDir>/cancelled'
 */
export function cancelMarkerPath(workDir: string): string {
  return path.join(workDir, 'cancelled');
}
