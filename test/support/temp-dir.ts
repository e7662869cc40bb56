import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Creates a fresh temporary folder and returns it with its cleanup.
 *
 * @example
 * const tmp = await makeTempDir(); … await tmp.remove();
 */
export async function makeTempDir(prefix = 'veil-test-'): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
