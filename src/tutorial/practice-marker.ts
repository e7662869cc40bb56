/**
 * The mark that tells a practice project from a real one: `.veil/practice.json`, written with the
 * project. The app shows its walkthrough only where the mark is. It sits among Veil's own records,
 * which the checklist never surveys and the publication copy never takes, and its bytes never change,
 * so two generated projects stay identical.
 */
import path from 'node:path';
import { VeilError } from '../api/result.js';
import { readTextIfExists } from '../files/read-if-exists.js';

/** Where the mark lives, relative to the project. */
export const PRACTICE_MARKER_FILE = '.veil/practice.json';

const SCHEMA = 'veil.practice/1';

/**
 * The mark's content.
 *
 * @example
 * practiceMarker(); // '{\n  "schema": "veil.practice/1",\n  "madeBy": "veil tutorial"\n}\n'
 */
export function practiceMarker(): string {
  return `${JSON.stringify({ schema: SCHEMA, madeBy: 'veil tutorial' }, null, 2)}\n`;
}

/**
 * True when the dataset at `root` (absolute) is a practice project made by `veil tutorial`.
 *
 * @example
 * await isPracticeProject('/home/me/veil-practice'); // true
 */
export async function isPracticeProject(root: string): Promise<boolean> {
  const file = path.join(root, ...PRACTICE_MARKER_FILE.split('/'));
  const text = await readTextIfExists(file);
  if (text === null) return false;
  try {
    return (JSON.parse(text) as { schema?: unknown } | null)?.schema === SCHEMA;
  } catch {
    throw new VeilError('BAD_REQUEST', `${file} is damaged (not JSON): delete it, or create the practice project again.`);
  }
}
