/**
 * `veil scan DIR`: list a dataset's NIfTI images with their kind and, for T1s, their deface state.
 * Exit codes: 0 scanned, 1 DIR cannot be read, 2 bad usage.
 */
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { ScanLayout } from '../api/contract.js';
import { scanDataset } from '../datasets/scan/scan-dataset.js';
import { EXIT_OK } from './exit-codes.js';
import { formatScanSummary, formatScanTree, scanJsonRows } from './scan-report.js';

export interface ScanCliOptions {
  layout: ScanLayout | 'auto';
  json: boolean;
}

const LAYOUTS: readonly (ScanLayout | 'auto')[] = ['auto', 'dccn', 'bids', 'flat'];

/**
 * Parses `--layout`; commander turns the error into exit code 2.
 *
 * @example
 * parseLayoutOption('bids'); // 'bids'
 * parseLayoutOption('nope'); // throws InvalidArgumentError
 */
export function parseLayoutOption(value: string): ScanLayout | 'auto' {
  const layout = LAYOUTS.find((candidate) => candidate === value);
  if (layout === undefined) throw new InvalidArgumentError(`must be one of ${LAYOUTS.join(', ')}.`);
  return layout;
}

/**
 * Scans DIR and prints the tree and a summary, or JSON; resolves with the exit code. A DIR that
 * cannot be listed raises a VeilError, which the program prints in one line (exit 1).
 *
 * @example
 * process.exitCode = await scanCommand('/project/3010000.01', { layout: 'auto', json: false });
 */
export async function scanCommand(dir: string, options: ScanCliOptions): Promise<number> {
  const root = path.resolve(dir);
  const scan = await scanDataset(root, { layout: options.layout });
  for (const warning of scan.warnings) console.error(`veil: warning: ${warning}`);
  if (options.json) {
    console.log(JSON.stringify(scanJsonRows(scan), null, 2));
    return EXIT_OK;
  }
  const subjects = scan.dataRoot ? ` (subjects in ${scan.dataRoot}/)` : '';
  console.log(`${root}: ${scan.layout} layout${subjects}`);
  for (const line of formatScanTree(scan)) console.log(line);
  console.log(formatScanSummary(scan));
  return EXIT_OK;
}
