/**
 * The checklist's audit log, `.veil/audit.jsonl` in the source dataset: one JSON line per decision
 * (key marked or disposed of, selection changed, choices confirmed, copy staged), appended and never
 * rewritten, so what was decided, by whom and when survives later changes of mind.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileSystemError } from '../../files/fs-errors.js';
import type { Actor } from './actor.js';

export interface AuditEntry extends Actor {
  action: string;
  details: Record<string, unknown>;
}

/**
 * Where the audit log of a dataset lives.
 *
 * @example
 * auditLogPath('/data/study'); // '/data/study/.veil/audit.jsonl'
 */
export function auditLogPath(root: string): string {
  return path.join(root, '.veil', 'audit.jsonl');
}

/**
 * Appends one entry. O_APPEND writes of one short line land whole even when two processes append.
 *
 * @example
 * await appendAudit('/data/study', { ...currentActor(), action: 'key.none', details: { reason: 'never made' } });
 */
export async function appendAudit(root: string, entry: AuditEntry): Promise<void> {
  const file = auditLogPath(root);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(entry)}\n`, { flag: 'a' });
  } catch (error) {
    throw fileSystemError(error, 'write', file);
  }
}

/**
 * Every entry, oldest first; an empty list when there is no log yet. Lines that do not parse (a log
 * edited by hand) are skipped rather than hiding the rest.
 *
 * @example
 * (await readAudit('/data/study')).at(-1)?.action; // 'stage'
 */
export async function readAudit(root: string): Promise<AuditEntry[]> {
  let text: string;
  try {
    text = await readFile(auditLogPath(root), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw fileSystemError(error, 'read', auditLogPath(root));
  }
  return text.split('\n').flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as AuditEntry] : [];
    } catch {
      return [];
    }
  });
}
