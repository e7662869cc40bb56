/**
 * `veil check DIR`: every anonymization detector over a folder (a dataset or a publication copy),
 * findings listed by file with field, masked excerpt and rule. Exit codes: 0 no blocking finding,
 * 4 blocking findings, 1 DIR cannot be read, 2 bad usage.
 */
import path from 'node:path';
import { checkFolder } from '../checklist/check/check-folder.js';
import { formatFindings } from './checklist-output.js';
import { EXIT_BLOCKED, EXIT_OK } from './exit-codes.js';

/** Findings printed as text before the rest is only counted. */
const PRINTED_FINDINGS = 200;

/**
 * Runs the check and prints it; resolves with the exit code.
 *
 * @example
 * process.exitCode = await checkCommand('/data/study', { json: false });
 */
export async function checkCommand(dir: string, options: { json: boolean }): Promise<number> {
  const root = path.resolve(dir);
  const result = await checkFolder(root);
  for (const warning of result.warnings) console.error(`veil: warning: ${warning}`);
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else {
    for (const line of formatFindings(result.findings, PRINTED_FINDINGS)) console.log(line);
    console.log(`${root}: ${result.files} files checked, ${result.counts.blocking} blocking, ${result.counts.warnings} warnings.`);
  }
  return result.counts.blocking > 0 ? EXIT_BLOCKED : EXIT_OK;
}
