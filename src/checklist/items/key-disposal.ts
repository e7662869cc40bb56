/**
 * Checklist item 2, the pseudonymization key: the user says which file is the key; Veil deletes it
 * only after the user types its name, checks that it is gone, and records its sha256, path, time,
 * the operating-system user and the host. "No key exists" is an answer too, with its reason. Pseudonyms
 * only become anonymous once the key is gone everywhere, so the record carries a warning about copies.
 */
import { lstat, realpath, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { VeilError } from '../../api/result.js';
import { resolveInside } from '../../datasets/containment.js';
import { fileSystemError } from '../../files/fs-errors.js';
import { sha256File } from '../files/sha256.js';
import { loadChecklistState, updateChecklistState, type KeyRecord } from '../state/checklist-state.js';

/** Said wherever a disposal is shown: deleting one file does not delete the key. */
export const KEY_COPIES_WARNING =
  'Deleting this file does not delete its copies: e-mail attachments, USB sticks, other folders, and backups or snapshots of this storage. ' +
  'Find and delete those too, and ask the storage administrator how long backups keep it.';

/** The key file as a real path inside the dataset, and its dataset-relative name. */
async function keyFile(root: string, relativePath: string): Promise<{ absolute: string; relative: string }> {
  const realRoot = await realpath(root).catch((error: unknown) => {
    throw fileSystemError(error, 'open', root);
  });
  const absolute = await resolveInside(realRoot, relativePath);
  const info = await stat(absolute);
  if (!info.isFile()) throw new VeilError('BAD_REQUEST', `${relativePath} is not a file; the key is one file (a table or a document).`);
  return { absolute, relative: path.relative(realRoot, absolute).split(path.sep).join('/') };
}

/**
 * Records which file is the key (dataset-relative), with its sha256, so the disposal later deletes
 * exactly the file that was confirmed.
 *
 * @example
 * await markKeyFile('/data/study', 'admin/koppeltabel.csv'); // {status: 'marked', file: 'admin/koppeltabel.csv', sha256: '…', …}
 */
export async function markKeyFile(root: string, relativePath: string): Promise<KeyRecord> {
  const { absolute, relative } = await keyFile(root, relativePath);
  const [sha256, info] = await Promise.all([sha256File(absolute), stat(absolute)]);
  const state = await updateChecklistState(root, 'key.mark', { file: relative, sha256 }, (current, by) => ({
    ...current,
    key: { status: 'marked', file: relative, sha256, size: info.size, marked: by },
  }));
  return state.key as KeyRecord;
}

/**
 * Deletes the marked key file once `confirmation` is exactly its file name, verifies it is gone and
 * records the disposal. Refuses when nothing is marked, when the confirmation differs, or when the file
 * changed since it was marked (then it may not be the file the user confirmed).
 *
 * @example
 * await disposeKeyFile('/data/study', 'koppeltabel.csv'); // {status: 'disposed', verifiedGone: true, …}
 */
export async function disposeKeyFile(root: string, confirmation: string): Promise<KeyRecord> {
  const { key } = await loadChecklistState(root);
  if (key?.status !== 'marked') throw new VeilError('BAD_REQUEST', 'No key file is marked: mark the key file first, then dispose of it.');
  const name = path.posix.basename(key.file);
  if (confirmation !== name) throw new VeilError('BAD_REQUEST', `To delete ${key.file}, type its file name exactly: ${name}`);
  const { absolute } = await keyFile(root, key.file);
  if ((await sha256File(absolute)) !== key.sha256) {
    throw new VeilError('BAD_REQUEST', `${key.file} changed since it was marked as the key; mark it again to confirm it is still the key.`);
  }
  try {
    await unlink(absolute);
  } catch (error) {
    throw fileSystemError(error, 'write', key.file);
  }
  const gone = await lstat(absolute).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
  );
  if (!gone) throw new VeilError('INTERNAL', `${key.file} is still there after deleting it; check the folder's permissions and delete it by hand.`);
  const state = await updateChecklistState(root, 'key.dispose', { file: key.file, sha256: key.sha256 }, (current, by) => ({
    ...current,
    key: { status: 'disposed', file: key.file, sha256: key.sha256, size: key.size, disposed: by, host: os.hostname(), verifiedGone: true, warning: KEY_COPIES_WARNING },
  }));
  return state.key as KeyRecord;
}

/**
 * Records that no key exists (e.g. the data were collected anonymously), with the reason.
 *
 * @example
 * await recordNoKey('/data/study', 'Participants were recruited anonymously; no link was ever kept.');
 */
export async function recordNoKey(root: string, reason: string): Promise<KeyRecord> {
  const trimmed = reason.trim();
  if (trimmed === '') throw new VeilError('BAD_REQUEST', 'Say why no key exists: the reason is part of the record.');
  const state = await updateChecklistState(root, 'key.none', { reason: trimmed }, (current, by) => ({ ...current, key: { status: 'none', reason: trimmed, recorded: by } }));
  return state.key as KeyRecord;
}
