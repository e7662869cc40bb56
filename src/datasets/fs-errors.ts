import { VeilError } from '../api/result.js';

/**
 * Turns a Node file-system error into a VeilError with a message a person can act on.
 * Unknown errors are re-thrown unchanged so the dispatcher reports them as INTERNAL with their stack.
 *
 * @example
 * try { await stat(p) } catch (e) { throw fileSystemError(e, p) }
 */
export function fileSystemError(error: unknown, subject: string): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new VeilError('NOT_FOUND', `Not found: ${subject}`);
    case 'ENOTDIR':
      return new VeilError('NOT_A_DIRECTORY', `Not a folder: ${subject}`);
    case 'EACCES':
    case 'EPERM':
      return new VeilError('PERMISSION_DENIED', `Permission denied: ${subject}`);
    case 'ELOOP':
      return new VeilError('BAD_REQUEST', `Too many levels of symbolic links: ${subject}`);
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}
