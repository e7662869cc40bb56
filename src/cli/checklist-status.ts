/**
 * `veil checklist DIR`, `veil review DIR IMAGE` and `veil report DIR --out FILE`: the checklist's
 * state, a review verdict recorded from the command line, and the report.
 */
import path from 'node:path';
import { evaluateChecklist } from '../checklist/items/evaluate-checklist.js';
import { writeReport } from '../checklist/report/write-report.js';
import type { ReviewVerdict } from '../api/contract.js';
import { recordReview } from '../review/pair-provenance.js';
import { scanDataset } from '../datasets/scan/scan-dataset.js';
import { formatGate, formatItems } from './checklist-output.js';
import { CliError, EXIT_OK } from './exit-codes.js';
import { loadLastStage } from '../checklist/stage/last-stage.js';

/**
 * Prints the five items with evidence and what is left. Exit code 0 either way: it is a status.
 *
 * @example
 * await checklistCommand('/data/study', { json: false });
 */
export async function checklistCommand(dir: string, options: { json: boolean }): Promise<number> {
  const root = path.resolve(dir);
  const evaluation = await evaluateChecklist(root);
  if (options.json) {
    const { items, allDone, defacing, keyCandidates, personalColumns, kAnonymity } = evaluation;
    console.log(JSON.stringify({ items, allDone, defacing, keyCandidates, personalColumns, kAnonymity }, null, 2));
    return EXIT_OK;
  }
  for (const line of formatItems(evaluation.items)) console.log(line);
  const stage = await loadLastStage(root);
  if (stage) for (const line of [`Last copy: ${stage.out} (${stage.staged.at})`, ...formatGate(stage.gate)]) console.log(line);
  else console.log('No publication copy staged yet: veil stage DIR OUT');
  return EXIT_OK;
}

/**
 * Records a review verdict for a defaced T1 (named by its original or its defaced path).
 *
 * @example
 * await reviewCommand('/data/study', 'sub-01/anat/sub-01_T1w.nii.gz', { verdict: 'pass', note: '' });
 */
export async function reviewCommand(dir: string, image: string, options: { verdict: ReviewVerdict; note: string }): Promise<number> {
  const root = path.resolve(dir);
  const relative = (path.isAbsolute(image) ? path.relative(root, image) : image).split(path.sep).join('/');
  const scan = await scanDataset(root);
  const t1 = scan.images.find((candidate) => candidate.kind === 't1' && (candidate.path === relative || candidate.output === relative));
  if (!t1) throw new CliError(`${relative} is not a T1-weighted image of ${root} (nor its defaced output).`);
  if (t1.state !== 'defaced' || t1.output === null) throw new CliError(`${t1.path} is ${t1.state ?? 'not defaced'}: deface it before reviewing it.`);
  await recordReview(root, { original: t1.path, defaced: t1.output }, options.verdict, options.note);
  console.log(`Review recorded: ${t1.path} (${t1.output}) ${options.verdict}${options.note ? `: ${options.note}` : ''}`);
  return EXIT_OK;
}

/**
 * Writes the HTML report and its JSON.
 *
 * @example
 * await reportCommand('/data/study', { out: 'report.html' });
 */
export async function reportCommand(dir: string, options: { out: string }): Promise<number> {
  const written = await writeReport(path.resolve(dir), options.out);
  console.log(`Report written: ${written.html} (and ${written.json}).`);
  return EXIT_OK;
}
