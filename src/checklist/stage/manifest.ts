/**
 * The copy's `MANIFEST`: the sha256 of every file, one `<sha256>  <path>` line each in `sha256sum`'s
 * format (so `sha256sum -c MANIFEST` verifies the copy anywhere), sorted by path.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { mapBounded } from '../../datasets/scan/bounded-map.js';
import { fileSystemError } from '../../files/fs-errors.js';
import { MANIFEST_NAME } from '../check/survey-folder.js';
import { sha256File } from '../files/sha256.js';

/**
 * Hashes the given files (relative to `folder`, as written on disk) and writes `folder/MANIFEST`;
 * returns the manifest's own sha256.
 *
 * @example
 * await writeManifest('/out/study', ['participants.tsv', 'sub-01/anat/sub-01_T1w.nii.gz']); // 'c0ffee…'
 */
export async function writeManifest(folder: string, files: readonly string[]): Promise<string> {
  const sorted = [...files].sort();
  const hashes = await mapBounded(sorted, 4, (file) => sha256File(path.join(folder, ...file.split('/'))));
  const text = sorted.map((file, index) => `${hashes[index]}  ${file}\n`).join('');
  const target = path.join(folder, MANIFEST_NAME);
  try {
    await writeFile(target, text, { flag: 'wx' });
  } catch (error) {
    throw fileSystemError(error, 'write', target);
  }
  return createHash('sha256').update(text).digest('hex');
}
