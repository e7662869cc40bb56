/**
 * `veil stage DIR OUT`: builds the publication copy from the selection with every transformation
 * applied, writes its MANIFEST, checks it again with the same detectors as `veil check`, and decides
 * the gate. The source is only read (Veil writes nothing into it but its own `.veil/` records). The
 * copy is built in a temporary folder beside OUT and renamed into place at the end, so a failed or
 * interrupted run never leaves a partial copy where the copy should be.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { VeilError } from '../../api/result.js';
import { isWithin } from '../../datasets/containment.js';
import { mapBounded } from '../../datasets/scan/bounded-map.js';
import { SidecarFiles } from '../../datasets/scan/sidecar-files.js';
import { fileSystemError } from '../../files/fs-errors.js';
import { VEIL_VERSION } from '../../paths.js';
import { checkFolder, type CheckResult } from '../check/check-folder.js';
import { surveyFolder, type CheckProgress } from '../check/survey-folder.js';
import { countFindings } from '../findings.js';
import { evaluateChecklist } from '../items/evaluate-checklist.js';
import { currentActor } from '../state/actor.js';
import { appendAudit } from '../state/audit-log.js';
import { DateShifter } from '../transforms/date-shifter.js';
import { planRenames } from '../transforms/rename-paths.js';
import { saveLastStage, type Gate, type StageRecord } from './last-stage.js';
import { writeManifest } from './manifest.js';
import { firstAcquisitionDates, today } from './participants.js';
import { includedFiles } from './plan-publication.js';
import { writeCopyFile, type CopiedFile } from './write-copy-file.js';

export interface StageProgress {
  phase: 'survey' | 'copy' | 'manifest' | 'check';
  done: number;
  total: number;
}

export interface StageOptions {
  onProgress?: (progress: StageProgress) => void;
  /** Replace OUT when it exists (it is moved aside and deleted only once the new copy is in place). */
  replace?: boolean;
  /** Random integers in [0, max) for the date offsets; tests fix them. */
  random?: (max: number) => number;
}

export interface StageResult extends StageRecord {
  /** The re-check of the copy, as `veil check OUT` would report it. */
  check: CheckResult;
}

/** Files written at once: images are read whole, so few at a time keeps memory bounded. */
const COPIES_AT_ONCE = 4;

/** Refuses an OUT that overlaps the dataset or exists (unless replacing); returns OUT's absolute path. */
async function checkOut(root: string, out: string, replace: boolean): Promise<{ target: string; exists: boolean }> {
  const target = path.resolve(out);
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true }).catch((error: unknown) => {
    throw fileSystemError(error, 'write', parent);
  });
  const realTarget = path.join(await realpath(parent), path.basename(target));
  if (isWithin(root, realTarget) || isWithin(realTarget, root)) {
    throw new VeilError('BAD_REQUEST', `${target} overlaps the dataset ${root}: write the publication copy outside it.`);
  }
  const exists = await stat(realTarget).then(
    () => true,
    () => false,
  );
  if (exists && !replace) throw new VeilError('BAD_REQUEST', `${target} already exists; choose another folder or replace it.`);
  return { target: realTarget, exists };
}

function decideGate(check: CheckResult, items: StageRecord['items']): Gate {
  const { blocking, warnings } = countFindings(check.findings);
  const notDone = items.filter((entry) => entry.status !== 'done');
  const reasons = [
    ...(blocking ? [blocking === 1 ? '1 blocking finding remains in the copy.' : `${blocking} blocking findings remain in the copy.`] : []),
    ...notDone.map((entry) => `Checklist item "${entry.title}" is ${entry.status === 'todo' ? 'not done' : 'asking for attention'}.`),
  ];
  return { passed: reasons.length === 0, blocking, warnings, itemsNotDone: notDone.map((entry) => entry.id), reasons };
}

/**
 * Stages the publication copy of the dataset at `root` into `out` (both absolute or relative to the
 * working folder), records it in the dataset's `.veil/` and returns the record with the gate.
 *
 * @example
 * const result = await stagePublicationCopy('/data/study', '/data/study-publication');
 * result.gate.passed;   // false
 * result.gate.reasons;  // ['2 blocking findings remain in the copy.', 'Checklist item "Pseudonymization key" is not done.']
 */
export async function stagePublicationCopy(root: string, out: string, options: StageOptions = {}): Promise<StageResult> {
  const progress = options.onProgress ?? (() => undefined);
  const source = await realpath(path.resolve(root)).catch((error: unknown) => {
    throw fileSystemError(error, 'open', root);
  });
  const { target, exists } = await checkOut(source, out, options.replace ?? false);
  const staged = currentActor();

  const survey = await surveyFolder(source, (step: CheckProgress) => progress({ phase: 'survey', done: step.done, total: step.total }));
  const evaluation = await evaluateChecklist(source, { survey });
  const going = includedFiles(evaluation.plan);
  const renames = planRenames(going.map((file) => file.path));
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.veil-staging-${randomBytes(6).toString('hex')}`);

  let record: StageRecord;
  let check: CheckResult;
  try {
    await mkdir(temporary);
    const context = {
      root: source,
      target: temporary,
      renames,
      state: evaluation.state,
      tables: new Map(survey.tables.map((entry) => [entry.file, entry])),
      knownNames: survey.knownNames,
      shifter: new DateShifter(options.random),
      firstDates: firstAcquisitionDates(survey.tables),
      today: today(),
      sidecars: new SidecarFiles(),
    };
    let done = 0;
    // The first failure stops new work, and is thrown only once the writes in flight have ended:
    // removing the temporary folder while they still write into it would fail, or leave files behind.
    const failures: unknown[] = [];
    const written = await mapBounded(going, COPIES_AT_ONCE, async (file) => {
      if (failures.length > 0) return null;
      try {
        const copied = await writeCopyFile(file, context);
        progress({ phase: 'copy', done: ++done, total: going.length });
        return copied;
      } catch (error) {
        failures.push(error);
        return null;
      }
    });
    if (failures.length > 0) throw failures[0];
    const files = written.filter((file): file is CopiedFile => file !== null);
    progress({ phase: 'manifest', done: 0, total: 1 });
    const manifestSha256 = await writeManifest(temporary, files.map((file) => file.copy));
    check = await checkFolder(temporary, { knownNames: survey.knownNames, onProgress: (step) => progress({ phase: 'check', done: step.done, total: step.total }) });
    record = {
      schema: 'veil.stage/1',
      out: target,
      staged,
      veilVersion: VEIL_VERSION,
      files,
      excluded: evaluation.plan.files.flatMap((file) => (file.excluded ? [{ path: file.path, reason: file.excluded.text }] : [])),
      manifestSha256,
      findings: check.findings,
      items: evaluation.items,
      kAnonymity: evaluation.kAnonymity,
      gate: decideGate(check, evaluation.items),
    };
    await moveIntoPlace(temporary, target, exists);
  } catch (error) {
    // Cleanup is best effort: the stage's own error is the one to report.
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  await saveLastStage(source, record);
  await appendAudit(source, { ...currentActor(), action: 'stage', details: { out: target, manifestSha256: record.manifestSha256, gate: record.gate } });
  return { ...record, check };
}

/** Puts the finished copy at `target`; an existing one is moved aside first and removed last. */
async function moveIntoPlace(temporary: string, target: string, exists: boolean): Promise<void> {
  const aside = `${path.join(path.dirname(target), `.${path.basename(target)}`)}.veil-old-${randomBytes(6).toString('hex')}`;
  if (exists) await rename(target, aside).catch((error: unknown) => Promise.reject(fileSystemError(error, 'write', target)));
  try {
    await rename(temporary, target);
  } catch (error) {
    // Put the previous copy back rather than leave nothing at OUT.
    if (exists) await rename(aside, target).catch(() => undefined);
    throw fileSystemError(error, 'write', target);
  }
  if (exists) await rm(aside, { recursive: true, force: true });
}
