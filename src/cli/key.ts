/**
 * `veil key …`: checklist item 2 from the command line — list candidate key files, mark the key,
 * dispose of it with a typed confirmation, or record that no key exists.
 */
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { surveyFolder } from '../checklist/check/survey-folder.js';
import { disposeKeyFile, KEY_COPIES_WARNING, markKeyFile, recordNoKey } from '../checklist/items/key-disposal.js';
import { loadChecklistState } from '../checklist/state/checklist-state.js';
import { CliError, EXIT_OK, EXIT_USAGE } from './exit-codes.js';

/**
 * Prints the candidate key files and what is recorded about the key.
 *
 * @example
 * await keyCandidatesCommand('/data/study', { json: false });
 */
export async function keyCandidatesCommand(dir: string, options: { json: boolean }): Promise<number> {
  const root = path.resolve(dir);
  const [survey, state] = await Promise.all([surveyFolder(root), loadChecklistState(root)]);
  if (options.json) {
    console.log(JSON.stringify({ candidates: survey.keyCandidates, key: state.key }, null, 2));
    return EXIT_OK;
  }
  if (survey.keyCandidates.length === 0) console.log('No candidate key file found in the dataset (a key may still exist elsewhere).');
  for (const candidate of survey.keyCandidates) console.log(`${candidate.file}\n  ${candidate.reasons.join('\n  ')}`);
  console.log(state.key ? `Recorded: ${describeKey(state.key)}` : 'Nothing recorded yet: mark the key (veil key mark DIR FILE) or record that none exists (veil key none DIR --reason …).');
  return EXIT_OK;
}

function describeKey(key: NonNullable<Awaited<ReturnType<typeof loadChecklistState>>['key']>): string {
  switch (key.status) {
    case 'marked':
      return `${key.file} is marked as the key (sha256 ${key.sha256}); dispose of it with veil key dispose.`;
    case 'disposed':
      return `${key.file} (sha256 ${key.sha256}) deleted by ${key.disposed.user} on ${key.host} at ${key.disposed.at}, verified gone.`;
    case 'none':
      return `no key exists: ${key.reason} (${key.recorded.user}, ${key.recorded.at}).`;
  }
}

/**
 * Marks FILE (relative to DIR, or a path inside it) as the key.
 *
 * @example
 * await keyMarkCommand('/data/study', 'admin/koppeltabel.csv');
 */
export async function keyMarkCommand(dir: string, file: string): Promise<number> {
  const root = path.resolve(dir);
  const relative = path.isAbsolute(file) ? path.relative(root, file) : file;
  const key = await markKeyFile(root, relative.split(path.sep).join('/'));
  console.log(`Marked as the key: ${describeKey(key)}`);
  return EXIT_OK;
}

/**
 * Deletes the marked key after the typed confirmation (`--confirm NAME`, or typed at the prompt).
 *
 * @example
 * await keyDisposeCommand('/data/study', { confirm: 'koppeltabel.csv' });
 */
export async function keyDisposeCommand(dir: string, options: { confirm?: string }): Promise<number> {
  const root = path.resolve(dir);
  const { key } = await loadChecklistState(root);
  if (key?.status !== 'marked') throw new CliError('No key file is marked: run `veil key mark DIR FILE` first.');
  let confirmation = options.confirm;
  if (confirmation === undefined) {
    if (!process.stdin.isTTY) throw new CliError(`Confirm by typing the file name: --confirm ${path.posix.basename(key.file)}`, EXIT_USAGE);
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    console.log(`This deletes ${key.file} for good. ${KEY_COPIES_WARNING}`);
    confirmation = await prompt.question(`Type the file name (${path.posix.basename(key.file)}) to delete it: `);
    prompt.close();
  }
  const record = await disposeKeyFile(root, confirmation.trim());
  console.log(`Disposed of: ${describeKey(record)}`);
  console.log(`Warning: ${KEY_COPIES_WARNING}`);
  return EXIT_OK;
}

/**
 * Records that no key exists, with the reason.
 *
 * @example
 * await keyNoneCommand('/data/study', 'Recruited anonymously; no link was ever kept.');
 */
export async function keyNoneCommand(dir: string, reason: string): Promise<number> {
  const key = await recordNoKey(path.resolve(dir), reason);
  console.log(`Recorded: ${describeKey(key)}`);
  return EXIT_OK;
}
