import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FileEntry } from '../api/contract.js';
import { fileSystemError } from '../files/fs-errors.js';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Lists one folder: folders first, then files, in natural order (sub-2 before sub-10). Symlinks are
 * reported as such and not followed, so a listing never reveals what lies outside the dataset.
 *
 * @param absoluteDir the folder, already resolved inside its dataset
 * @param relativeDir the same folder relative to the dataset root, used to build each entry's path
 * @example
 * await listDirectory('/data/ds', ''); // [{name: 'sub-001', path: 'sub-001', type: 'directory', size: 4096}, …]
 */
export async function listDirectory(absoluteDir: string, relativeDir: string): Promise<FileEntry[]> {
  let names: string[];
  try {
    names = await readdir(absoluteDir);
  } catch (error) {
    throw fileSystemError(error, 'list', relativeDir || '(dataset root)');
  }
  const entries = await Promise.all(
    names.map(async (name): Promise<FileEntry> => {
      const entryPath = relativeDir ? `${relativeDir}/${name}` : name;
      const info = await lstat(path.join(absoluteDir, name));
      const type = info.isDirectory() ? 'directory' : info.isFile() ? 'file' : info.isSymbolicLink() ? 'symlink' : 'other';
      return { name, path: entryPath, type, size: info.size };
    }),
  );
  return entries.sort(
    (a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || collator.compare(a.name, b.name),
  );
}
