/** sha256 of a file, streamed (images are tens of MB; keys and tables are small). */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { fileSystemError } from '../../files/fs-errors.js';

/**
 * The lower-case hex sha256 of a file's bytes.
 *
 * @example
 * await sha256File('/data/study/admin/koppeltabel.csv'); // '9f86d081884c7d65…'
 */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(file), hash);
  } catch (error) {
    throw fileSystemError(error, 'read', file);
  }
  return hash.digest('hex');
}
