/**
 * Reading a file that may not be there yet (a record Veil writes on first use): absence is an
 * answer, any other failure an error that names the file.
 */
import { readFile } from 'node:fs/promises';
import { fileSystemError } from './fs-errors.js';

/**
 * The file's text, or null when it does not exist.
 *
 * @example
 * const text = await readTextIfExists('/data/study/.veil/last-stage.json');
 * if (text === null) console.log('never staged');
 */
export async function readTextIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileSystemError(error, 'read', file);
  }
}
