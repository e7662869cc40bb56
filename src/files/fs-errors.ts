/**
 * File-system failures as VeilErrors that name the file and say what went wrong in words a person
 * can act on. Every module that touches user files reports through here, so messages read alike.
 */
import { VeilError } from '../api/result.js';

export type FileAction = 'read' | 'write' | 'open' | 'list';

/**
 * Converts a Node file-system error into a VeilError; a VeilError passes through unchanged.
 *
 * @example
 * try { await readFile(path) } catch (error) { throw fileSystemError(error, 'read', path) }
 * // VeilError NOT_FOUND "Cannot read /data/x.nii: no such file or folder."
 */
export function fileSystemError(error: unknown, action: FileAction, path: string): VeilError {
  if (error instanceof VeilError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const cannot = `Cannot ${action} ${path}`;
  switch (code) {
    case 'ENOENT':
      return new VeilError('NOT_FOUND', `${cannot}: no such file or folder.`);
    case 'ENOTDIR':
      return new VeilError('NOT_A_DIRECTORY', `${cannot}: it is not a folder.`);
    case 'EISDIR':
      return new VeilError('BAD_REQUEST', `${cannot}: it is a folder.`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new VeilError('PERMISSION_DENIED', `${cannot}: permission denied.`);
    case 'ELOOP':
      return new VeilError('BAD_REQUEST', `${cannot}: too many levels of symbolic links.`);
    case 'ENOSPC':
      return new VeilError('INTERNAL', `${cannot}: the disk is full.`);
    default:
      return new VeilError('INTERNAL', `${cannot}: ${detail}`);
  }
}
