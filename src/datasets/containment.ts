/**
 * Keeps every file access inside the dataset root the user opened. The renderer only ever names
 * files relative to a dataset; this module is where that promise is kept, on the real file system
 * (symlinks resolved), not by string checks alone.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { VeilError } from '../api/result.js';
import { fileSystemError } from '../files/fs-errors.js';

/**
 * Splits a '/'-separated relative path into segments, refusing absolute paths, NUL bytes and `..`.
 *
 * @example
 * relativeSegments('sub-001/anat'); // ['sub-001', 'anat']
 * relativeSegments('../etc');       // throws VeilError OUTSIDE_DATASET
 */
export function relativeSegments(relativePath: string): string[] {
  if (relativePath.includes('\0')) throw new VeilError('BAD_REQUEST', 'Path contains a NUL byte.');
  if (path.isAbsolute(relativePath) || path.win32.isAbsolute(relativePath)) {
    throw new VeilError('OUTSIDE_DATASET', `Path must be relative to the dataset root: ${relativePath}`);
  }
  const segments = relativePath.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new VeilError('OUTSIDE_DATASET', `Path may not use '..': ${relativePath}`);
  }
  return segments;
}

/**
 * True when `candidate` is `root` or lies below it. Both must already be real (symlink-free) paths.
 *
 * @example
 * isWithin('/data/ds', '/data/ds/sub-001'); // true
 * isWithin('/data/ds', '/data/ds2');        // false
 */
export function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Resolves a relative path inside a dataset to a real absolute path, following symlinks, and refuses
 * anything that ends up outside the root.
 *
 * @param realRoot the dataset root, already resolved with `realpath`
 * @example
 * await resolveInside('/data/ds', 'sub-001/anat'); // '/data/ds/sub-001/anat'
 */
export async function resolveInside(realRoot: string, relativePath: string): Promise<string> {
  const joined = path.join(realRoot, ...relativeSegments(relativePath));
  let real: string;
  try {
    real = await realpath(joined);
  } catch (error) {
    throw fileSystemError(error, 'open', relativePath || '(dataset root)');
  }
  if (!isWithin(realRoot, real)) {
    throw new VeilError('OUTSIDE_DATASET', `${relativePath} leads outside the dataset (to ${real}).`);
  }
  return real;
}
