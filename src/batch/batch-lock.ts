/**
 * One batch at a time per dataset: `.veil/batch.lock` holds the pid of the running batch. A lock left
 * by a process that no longer exists (killed with -9) is taken over.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VeilError } from '../api/result.js';
import { fileSystemError } from '../files/fs-errors.js';

/**
 * Takes the lock or throws when another live batch holds it; returns the release function.
 *
 * @example
 * const release = await acquireBatchLock(stateRoot); try { … } finally { await release(); }
 */
export async function acquireBatchLock(stateRoot: string): Promise<() => Promise<void>> {
  const file = path.join(stateRoot, '.veil', 'batch.lock');
  // The app's server may be asked for two batches on one dataset: the pid alone cannot tell them apart.
  if (heldHere.has(file)) throw new VeilError('UNAVAILABLE', 'A batch is already running on this dataset.');
  await mkdir(path.dirname(file), { recursive: true }).catch((error: unknown) => {
    throw fileSystemError(error, 'write', path.dirname(file));
  });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(file);
      return async () => {
        heldHere.delete(file);
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fileSystemError(error, 'write', file);
      const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new VeilError('UNAVAILABLE', `Another Veil batch (process ${holder}) is running on this dataset; wait for it or stop it.`);
      }
      await rm(file, { force: true }); // stale: its process is gone
    }
  }
  throw new VeilError('UNAVAILABLE', `Could not take the batch lock ${file}.`);
}

/** Lock files this process holds. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
