/**
 * Lists every file below a dataset root by name only: one `readdir` per folder with file types, no
 * `stat`, no file opened. This is the whole I/O of a scan that finds no outputs.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileSystemError } from '../../files/fs-errors.js';

export interface DatasetTree {
  /** Every file, '/'-separated and relative to the root; symlinks are listed by name, never followed. */
  files: string[];
  /** The same files, for existence checks without a system call. */
  fileSet: ReadonlySet<string>;
  /** Every folder below the root, relative to it. */
  directories: string[];
  /** Folders that could not be listed; the walk went on without them. */
  warnings: string[];
}

/**
 * Folders listed at once. Measured on the 2-core build machine over 60,000 folders: 4 at a time
 * 0.83–1.06 s, 16 0.54 s, 64 0.48–0.50 s (libuv's 4 threads stay busy while results are handled);
 * a synchronous walk 0.49–0.57 s (but it blocks the event loop), and `readdir({recursive: true})`
 * 3.2–3.4 s (it cannot skip hidden folders).
 */
const FOLDERS_AT_ONCE = 32;

/** Hidden files and folders (`.git`, `.veil`, `._x.nii`) are never part of the data. */
const isHidden = (name: string) => name.startsWith('.');

/**
 * Walks the tree below `root`. Fails (with a VeilError naming `root`) only when the root itself
 * cannot be listed.
 *
 * @example
 * const tree = await walkTree('/data/study');
 * tree.files; // ['raw/sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso/00001_1.3.12….nii', …]
 */
export async function walkTree(root: string): Promise<DatasetTree> {
  const files: string[] = [];
  const directories: string[] = [];
  const warnings: string[] = [];

  const list = async (relative: string) => {
    // Plain concatenation: `path.join` normalises every time, about 0.1 s over 60,000 folders.
    const entries = await readdir(relative ? `${root}${path.sep}${relative}` : root, { withFileTypes: true });
    const prefix = relative ? `${relative}/` : '';
    for (const entry of entries) {
      if (isHidden(entry.name)) continue;
      if (entry.isDirectory()) directories.push(prefix + entry.name);
      else if (entry.isFile() || entry.isSymbolicLink()) files.push(prefix + entry.name);
    }
  };

  try {
    await list('');
  } catch (error) {
    throw fileSystemError(error, 'list', root);
  }
  // `directories` grows while it is worked through; `pump` keeps FOLDERS_AT_ONCE listings in flight.
  let next = 0;
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (active < FOLDERS_AT_ONCE && next < directories.length) {
        const relative = directories[next++] ?? '';
        active++;
        list(relative)
          .catch((error: unknown) => warnings.push(fileSystemError(error, 'list', relative).message))
          .finally(() => {
            active--;
            if (active === 0 && next === directories.length) resolve();
            else pump();
          });
      }
    };
    if (directories.length === 0) resolve();
    else pump();
  });
  return { files, fileSet: new Set(files), directories, warnings };
}
