/**
 * The command that is Veil on a compute node, for Slurm tasks. From the command line it is this Node
 * and this Veil build (HPC nodes share the file system). The desktop app's executable is Electron,
 * which an installed build cannot run as Node (its runAsNode fuse is off) and whose code sits inside
 * app.asar: its tasks run the `veil` command of the CLI installed on the cluster (README, "Command
 * line"), or the one VEIL_CLI names.
 */
import path from 'node:path';
import { PACKAGE_ROOT } from '../../paths.js';

/** The built CLI; the compiled code, also when the submitter runs from source in tests. */
const BUILT_CLI = path.join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');

export interface TaskRuntime {
  /** `process.execPath`. */
  execPath: string;
  /** `process.versions.electron`: set when the submitter runs inside Electron. */
  electron?: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The program and leading arguments of a task's command line; `slurm-task MANIFEST INDEX` follows.
 *
 * @example
 * slurmTaskCommand({ execPath: '/usr/bin/node', env: {} });                      // ['/usr/bin/node', '/opt/veil/dist/src/cli/main.js']
 * slurmTaskCommand({ execPath: '/opt/Veil/veil-desktop', electron: '45.5.0', env: {} }); // ['veil']
 */
export function slurmTaskCommand(runtime: TaskRuntime = { execPath: process.execPath, electron: process.versions.electron, env: process.env }): string[] {
  if (runtime.env.VEIL_CLI) return [runtime.env.VEIL_CLI];
  return runtime.electron ? ['veil'] : [runtime.execPath, BUILT_CLI];
}
