/**
 * The record of the last publication copy, `.veil/last-stage.json` in the source dataset: where it
 * went, when and by whom, what was done to each file, what the re-check of the copy found and the
 * gate. The report is built from it. It names source paths, so it never goes into the copy.
 */
import path from 'node:path';
import { VeilError } from '../../api/result.js';
import { fileSystemError } from '../../files/fs-errors.js';
import { readTextIfExists } from '../../files/read-if-exists.js';
import { writeJsonAtomic } from '../../files/write-json-atomic.js';
import type { Finding } from '../findings.js';
import type { ChecklistItem, ItemId } from '../items/evaluate-checklist.js';
import type { KAnonymityReport } from '../k-anonymity.js';
import type { Actor } from '../state/actor.js';
import type { CopiedFile } from './write-copy-file.js';

export interface Gate {
  /** No blocking finding in the copy and every checklist item done. */
  passed: boolean;
  blocking: number;
  warnings: number;
  itemsNotDone: ItemId[];
  /** Why it did not pass, one sentence each; empty when it passed. */
  reasons: string[];
}

export interface StageRecord {
  schema: 'veil.stage/1';
  /** The copy, absolute. */
  out: string;
  staged: Actor;
  veilVersion: string;
  files: CopiedFile[];
  excluded: { path: string; reason: string }[];
  manifestSha256: string;
  /** The findings of the re-check of the copy (paths relative to the copy). */
  findings: Finding[];
  items: ChecklistItem[];
  kAnonymity: KAnonymityReport[];
  gate: Gate;
}

/**
 * Where the record of the last stage lives.
 *
 * @example
 * lastStagePath('/data/study'); // '/data/study/.veil/last-stage.json'
 */
export function lastStagePath(root: string): string {
  return path.join(root, '.veil', 'last-stage.json');
}

/**
 * Saves the record atomically.
 *
 * @example
 * await saveLastStage('/data/study', record);
 */
export async function saveLastStage(root: string, record: StageRecord): Promise<void> {
  try {
    await writeJsonAtomic(lastStagePath(root), record);
  } catch (error) {
    throw fileSystemError(error, 'write', lastStagePath(root));
  }
}

/**
 * The record of the last stage, or null when the dataset was never staged.
 *
 * @example
 * (await loadLastStage('/data/study'))?.gate.passed; // true
 */
export async function loadLastStage(root: string): Promise<StageRecord | null> {
  const file = lastStagePath(root);
  const text = await readTextIfExists(file);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VeilError('BAD_REQUEST', `${file} is damaged (not JSON); stage the copy again to rewrite it.`);
  }
  if (typeof json !== 'object' || json === null || (json as { schema?: unknown }).schema !== 'veil.stage/1') {
    throw new VeilError('BAD_REQUEST', `${file} is not a Veil stage record; stage the copy again to rewrite it.`);
  }
  return json as StageRecord;
}
