/**
 * Writes the practice project to disk: all of it or nothing. The files go into a hidden temporary
 * folder beside the target, which is renamed into place only when every file is written, so an
 * interrupted run never leaves a half project a learner could mistake for the real one.
 */
import { mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VeilError } from '../api/result.js';
import { fileSystemError } from '../files/fs-errors.js';
import { practiceFiles } from './practice-files.js';

/** The target's entries, or null when it does not exist. */
async function entriesOf(dir: string): Promise<string[] | null> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw new VeilError('NOT_A_DIRECTORY', `${dir} is a file, not a folder: choose a new folder for the practice project.`);
    throw fileSystemError(error, 'read', dir);
  }
}

/**
 * Creates the practice project in `dir` (a new or empty folder) and resolves with its absolute path.
 * Refuses a folder that already holds anything: the learner's own files must never be mixed in.
 *
 * @example
 * const root = await writePracticeProject('./veil-practice');
 * // root/raw/sub-001/ses-mri01/002-t1_mprage_sag_ipat2_1p0iso/00001_1.3.12….nii, root/admin/koppeltabel.csv, …
 */
export async function writePracticeProject(dir: string): Promise<string> {
  const root = path.resolve(dir);
  const existing = await entriesOf(root);
  if (existing !== null && existing.length > 0) {
    throw new VeilError('BAD_REQUEST', `${root} is not empty: the practice project needs a new or empty folder.`);
  }
  const parent = path.dirname(root);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `.${path.basename(root)}.partial-`));
  try {
    for (const [relative, content] of practiceFiles()) {
      const target = path.join(staging, ...relative.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    // rename() cannot replace a folder everywhere (Windows), so the empty target goes first.
    if (existing !== null) await rmdir(root);
    await rename(staging, root);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw fileSystemError(error, 'write', root);
  }
  return root;
}
