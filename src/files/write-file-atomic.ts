/**
 * Writes a file so that a reader (another process, another cluster node, the next run after a crash)
 * sees the old file or the new one, never half of one: temporary file in the same folder, fsync, rename.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `content` to `file` atomically and durably; its folder must exist.
 *
 * @example
 * await writeFileAtomic('/data/study/derivatives/veil/sub-01/anat/sub-01_T1w.nii.gz', bytes);
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const temporary = await writeTemporaryBeside(file, content);
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes `content` durably to a hidden temporary file beside `file` and answers its path, for the
 * caller to check and then rename onto `file` (or remove). Nothing is left behind when it fails.
 *
 * @example
 * const pending = await writeTemporaryBeside(output, bytes);
 * await rename(pending, output); // once checked
 */
export async function writeTemporaryBeside(file: string, content: string | Uint8Array): Promise<string> {
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
    return temporary;
  } catch (error) {
    // Cleanup is best effort: the write's own error is the one to report.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
