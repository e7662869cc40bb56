/**
 * The five checklist items with their status and evidence, derived from the dataset as it is now and
 * the decisions recorded in `.veil/`: what the Checklist tab shows, what `veil checklist` prints and
 * what the report and the gate are built on.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { surveyFolder, type CheckProgress, type FolderSurvey } from '../check/survey-folder.js';
import { participantKey, type KeyCandidate } from '../detectors/key-candidates.js';
import { kAnonymityReport, SMALL_GROUP, type KAnonymityReport } from '../k-anonymity.js';
import { loadChecklistState, type ChecklistState } from '../state/checklist-state.js';
import { firstAcquisitionDates, participantOfPath, today } from '../stage/participants.js';
import { includedFiles, planPublication, type PublicationPlan } from '../stage/plan-publication.js';
import { defacingRows, type DefacingRow } from './defacing.js';
import { KEY_COPIES_WARNING } from './key-disposal.js';
import { personalColumns, type PersonalColumn } from './minimization.js';

export type ItemId = 'defacing' | 'key' | 'minimization' | 'generalization' | 'metadata';
export type ItemStatus = 'todo' | 'attention' | 'done';

export interface ChecklistItem {
  id: ItemId;
  title: string;
  status: ItemStatus;
  /** What shows the item is handled (or how far it is), one sentence each. */
  evidence: string[];
  /** What is left to do, one sentence each; empty when done. */
  todo: string[];
}

export interface ChecklistEvaluation {
  items: ChecklistItem[];
  allDone: boolean;
  state: ChecklistState;
  defacing: DefacingRow[];
  keyCandidates: KeyCandidate[];
  personalColumns: PersonalColumn[];
  plan: PublicationPlan;
  kAnonymity: KAnonymityReport[];
}

const TITLES: Readonly<Record<ItemId, string>> = {
  defacing: 'Defacing and de-earing',
  key: 'Pseudonymization key',
  minimization: 'Data minimization',
  generalization: 'Data generalization',
  metadata: 'Metadata scrubbing',
};

/**
 * A count with its noun, in the plural unless it is one (the items' and the walkthrough's wording).
 *
 * @example
 * plural(4, 'T1'); // '4 T1s'
 */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function item(id: ItemId, status: ItemStatus, evidence: string[], todo: string[]): ChecklistItem {
  return { id, title: TITLES[id], status, evidence, todo };
}

function defacingItem(rows: readonly DefacingRow[]): ChecklistItem {
  if (rows.length === 0) return item('defacing', 'done', ['No T1-weighted image goes into the copy.'], []);
  const ok = rows.filter((row) => row.ok);
  const engines = [...new Set(rows.flatMap((row) => (row.engine ? [row.engine] : [])))];
  const evidence = [`${ok.length} of ${plural(rows.length, 'T1-weighted image')} defaced, self-checked and reviewed as pass.`, ...(engines.length ? [`Engines: ${engines.join(', ')}.`] : [])];
  const todo: string[] = [];
  const count = (test: (row: DefacingRow) => boolean) => rows.filter(test).length;
  const notDefaced = count((row) => row.state !== 'defaced');
  const failedChecks = count((row) => row.selfCheck === 'fail');
  const failedReviews = count((row) => row.review !== null && row.review.verdict !== 'pass');
  const unreviewed = count((row) => row.state === 'defaced' && row.review === null);
  if (notDefaced) todo.push(`${plural(notDefaced, 'image')} not defaced (or changed since): deface ${notDefaced === 1 ? 'it' : 'them'}, or leave ${notDefaced === 1 ? 'it' : 'them'} out of the copy.`);
  if (failedChecks) todo.push(`${plural(failedChecks, 'self-check')} failed: deface again with other settings.`);
  if (failedReviews) todo.push(`${plural(failedReviews, 'image')} reviewed as fail or needs attention.`);
  if (unreviewed) todo.push(`${plural(unreviewed, 'defaced image')} not reviewed yet: compare each with its original and record a verdict.`);
  const status = failedChecks || failedReviews ? 'attention' : todo.length ? 'todo' : 'done';
  return item('defacing', status, evidence, todo);
}

async function keyItem(root: string, state: ChecklistState, candidates: readonly KeyCandidate[]): Promise<ChecklistItem> {
  const key = state.key;
  const found = candidates.length ? [`Candidate key files: ${candidates.map((candidate) => candidate.file).join(', ')}.`] : ['No candidate key file was found in the dataset.'];
  if (key === null) return item('key', 'todo', found, ['Say which file is the key and dispose of it, or record that no key exists and why.']);
  if (key.status === 'none') return item('key', 'done', [`No key exists: "${key.reason}" (recorded by ${key.recorded.user}, ${key.recorded.at}).`, ...found], []);
  if (key.status === 'marked') return item('key', 'todo', [`${key.file} is marked as the key (sha256 ${key.sha256}).`], ['Dispose of the key: delete it with a typed confirmation.']);
  const back = await lstat(path.join(root, ...key.file.split('/'))).then(
    () => true,
    () => false,
  );
  const evidence = [
    `${key.file} (sha256 ${key.sha256}, ${key.size} bytes) deleted by ${key.disposed.user} on ${key.host}, ${key.disposed.at}; verified gone.`,
    KEY_COPIES_WARNING,
  ];
  return back ? item('key', 'attention', evidence, [`${key.file} exists again: a copy was put back. Dispose of it again.`]) : item('key', 'done', evidence, []);
}

function minimizationItem(state: ChecklistState, plan: PublicationPlan, columns: readonly PersonalColumn[]): ChecklistItem {
  const included = includedFiles(plan).length;
  const excluded = plan.files.length - included;
  const kept = columns.filter((column) => !column.dropped);
  const unjustified = kept.filter((column) => column.justification === null);
  const evidence = [
    `${plural(included, 'file')} go into the copy, ${excluded} stay out.`,
    ...kept.filter((column) => column.justification).map((column) => `Column "${column.column}" kept: ${column.justification?.text}`),
    ...columns.filter((column) => column.dropped).map((column) => `Column "${column.column}" left out.`),
    ...(state.selectionConfirmed ? [`Selection confirmed by ${state.selectionConfirmed.user}, ${state.selectionConfirmed.at}.`] : []),
  ];
  const todo = [
    ...unjustified.map((column) => `Justify or drop the personal-data column "${column.column}" (${column.role}; in ${column.tables.join(', ')}).`),
    ...(state.selectionConfirmed ? [] : ['Review the selection and confirm it.']),
  ];
  return item('minimization', todo.length ? 'todo' : 'done', evidence, todo);
}

function generalizationItem(state: ChecklistState, reports: readonly KAnonymityReport[]): ChecklistItem {
  const choices = state.generalization;
  const evidence = [
    `Dates of birth → ${choices.dateOfBirth === 'birth-year' ? 'birth year' : 'age in years'}; ages → ${choices.ages === 'years' ? 'whole years' : `${choices.ageBandWidth}-year bands`}, 89+; dates → ${choices.dates === 'shift' ? 'shifted to 1925 or earlier, one offset per participant' : 'removed'}.`,
    ...reports.map((report) => `${report.file}: k = ${report.before.k ?? 'n/a'} before, ${report.after.k ?? 'n/a'} after, over ${report.after.quasiIdentifiers.join(', ') || 'no quasi-identifier'}; ${report.after.smallGroups.reduce((sum, group) => sum + group.size, 0)} records in groups smaller than ${SMALL_GROUP}.`),
    ...(state.generalizationConfirmed ? [`Choices confirmed by ${state.generalizationConfirmed.user}, ${state.generalizationConfirmed.at}.`] : []),
  ];
  return item('generalization', state.generalizationConfirmed ? 'done' : 'todo', evidence, state.generalizationConfirmed ? [] : ['Look at the preview and k-anonymity, then confirm the generalization choices.']);
}

function metadataItem(state: ChecklistState, plan: PublicationPlan): ChecklistItem {
  const going = includedFiles(plan);
  const sidecars = going.filter((file) => file.action === 'sidecar').length;
  const images = going.filter((file) => file.action === 'nifti').length;
  const institution = state.metadata.keepInstitution ? `kept: ${state.metadata.keepInstitution.reason}` : 'removed';
  const evidence = [
    `${plural(sidecars, 'JSON sidecar')} scrubbed (identifying keys, UIDs, dates, free text; institution ${institution}); ${plural(images, 'NIfTI header')} cleared (descrip, aux_file, intent_name, db_name, extensions); gzip written without name or time; UIDs and dates in names renamed; DICOM left out.`,
    ...(state.metadataConfirmed ? [`Choices confirmed by ${state.metadataConfirmed.user}, ${state.metadataConfirmed.at}.`] : []),
  ];
  return item('metadata', state.metadataConfirmed ? 'done' : 'todo', evidence, state.metadataConfirmed ? [] : ['Decide whether the institution is kept (with a reason) and confirm the metadata choices.']);
}

export interface EvaluateOptions {
  onProgress?: (progress: CheckProgress) => void;
  /** A survey already made of this dataset (the stage passes its own). */
  survey?: FolderSurvey;
  /** Evaluate with these decisions instead of the saved ones (a preview of choices not yet saved). */
  state?: ChecklistState;
}

/**
 * Evaluates the checklist of the dataset at `root` (absolute).
 *
 * @example
 * const { items, allDone } = await evaluateChecklist('/data/study');
 * items.map((entry) => `${entry.title}: ${entry.status}`);
 */
export async function evaluateChecklist(root: string, options: EvaluateOptions = {}): Promise<ChecklistEvaluation> {
  const [state, survey] = await Promise.all([options.state ?? loadChecklistState(root), options.survey ?? surveyFolder(root, options.onProgress)]);
  const plan = planPublication(survey, state);
  const defacing = await defacingRows(survey, plan);
  const columns = personalColumns(survey, plan, state);
  const kAnonymity = kAnonymityReports(survey, plan, state);
  const items = [defacingItem(defacing), await keyItem(root, state, survey.keyCandidates), minimizationItem(state, plan, columns), generalizationItem(state, kAnonymity), metadataItem(state, plan)];
  return { items, allDone: items.every((entry) => entry.status === 'done'), state, defacing, keyCandidates: survey.keyCandidates, personalColumns: columns, plan, kAnonymity };
}

/** k-anonymity of every table going into the copy that lists participants and has a quasi-identifier. */
function kAnonymityReports(survey: FolderSurvey, plan: PublicationPlan, state: ChecklistState): KAnonymityReport[] {
  const going = new Set(includedFiles(plan).map((file) => file.source));
  const firstDates = firstAcquisitionDates(survey.tables);
  const now = today();
  return survey.tables
    .filter(({ file, roles }) => going.has(file) && roles.includes('participant-id'))
    .map(({ file, table, roles }) => {
      const idColumn = roles.indexOf('participant-id');
      return kAnonymityReport(file, table, roles, state.generalization, new Set(state.selection.droppedColumns), (row) => firstDates.get(participantKey(row[idColumn] ?? '')) ?? firstDates.get(participantOfPath(file) ?? '') ?? now);
    })
    .filter((report) => report.after.quasiIdentifiers.length > 0);
}
