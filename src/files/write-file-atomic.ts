/**
 * Writes a file so that a reader (another process, another cluster node, the next run after a crash)
 * sees the old file or the new one, never half of one: temporary file in the same folder, fsync, rename.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `content` to `file` atomically and durably, creating its folder.
 *
 * @example
 * await writeFileAtomic('/data/study/.veil/snapshots/x/face-3d-original.png', pngBytes);
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // The temporary name starts with "." and ends with ".tmp": a resumed batch recognises and removes it.
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
