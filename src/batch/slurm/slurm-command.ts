/** Runs a Slurm client program (sbatch, squeue, scancel) and turns its failures into VeilErrors. */
import { execa } from 'execa';
import { VeilError } from '../../api/result.js';

/**
 * Runs `program args` (no shell) and resolves with its stdout. A missing program is
 * "Slurm is not available on this machine: sbatch not found"; a failing one carries its stderr.
 *
 * @example
 * const jobId = (await runSlurmCommand('sbatch', ['--parsable', '--wrap', 'hostname'])).trim();
 */
export async function runSlurmCommand(program: string, args: string[]): Promise<string> {
  const result = await execa(program, args, { reject: false, stdin: 'ignore' });
  if ((result.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new VeilError('UNAVAILABLE', `Slurm is not available on this machine: ${program} not found`);
  }
  if (result.failed) {
    const reason = result.stderr.trim() || result.stdout.trim() || result.shortMessage;
    throw new VeilError('INTERNAL', `${program} failed: ${reason}`);
  }
  return result.stdout;
}
