/**
 * JSON state files (`.veil/batch.json`, reviews, self-check sidecars), written atomically.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Writes `value` as indented JSON to `file` atomically and durably, creating its folder.
 *
 * @example
 * await writeJsonAtomic('/data/study/.veil/batch.json', state);
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
