/**
 * Checklist item 3, data minimization: the publication selection (which files, folders and table
 * columns go into the copy) and, for every kept column that is personal data, a one-line
 * justification saying what analysis uses it. Changing the selection clears its confirmation: what
 * the user confirmed is always what will be copied.
 */
import { VeilError } from '../../api/result.js';
import { relativeSegments } from '../../datasets/containment.js';
import type { FolderSurvey } from '../check/survey-folder.js';
import { DIRECT_IDENTIFIER_ROLES, PERSONAL_DATA_ROLES, type ColumnRole } from '../detectors/column-roles.js';
import { updateChecklistState, type ChecklistState, type Selection } from '../state/checklist-state.js';
import type { Actor } from '../state/actor.js';
import { includedFiles, type PublicationPlan } from '../stage/plan-publication.js';

export interface PersonalColumn {
  /** The column's header (justifications and drops apply to every table with this header). */
  column: string;
  role: ColumnRole;
  /** The included tables that have it. */
  tables: string[];
  /** Left out of the copy by the user: needs no justification. */
  dropped: boolean;
  justification: { text: string; by: Actor } | null;
}

/**
 * The personal-data columns of the tables going into the copy, with their justification (or none
 * yet). Direct identifiers are not listed: they never go into the copy. Dates are not listed when
 * the generalization removes them.
 *
 * @example
 * personalColumns(survey, plan, state).filter((column) => !column.dropped && !column.justification);
 * // [{column: 'age', role: 'age', tables: ['participants.tsv'], dropped: false, justification: null}]
 */
export function personalColumns(survey: FolderSurvey, plan: PublicationPlan, state: ChecklistState): PersonalColumn[] {
  const included = new Set(includedFiles(plan).map((file) => file.source));
  const columns = new Map<string, PersonalColumn>();
  for (const { file, table, roles } of survey.tables) {
    if (!included.has(file)) continue;
    table.header.forEach((column, index) => {
      const role = roles[index] ?? 'other';
      if (!PERSONAL_DATA_ROLES.has(role) || DIRECT_IDENTIFIER_ROLES.has(role)) return;
      if (role === 'date' && state.generalization.dates === 'remove') return;
      const entry = columns.get(column) ?? {
        column,
        role,
        tables: [],
        dropped: state.selection.droppedColumns.includes(column),
        justification: state.selection.justifications[column] ?? null,
      };
      entry.tables.push(file);
      columns.set(column, entry);
    });
  }
  return [...columns.values()].sort((a, b) => a.column.localeCompare(b.column));
}

/** Checks dataset-relative paths the way the rest of Veil does (no `..`, not absolute), '/'-joined. */
function normalisedPaths(paths: readonly string[]): string[] {
  return paths.map((entry) => {
    const segments = relativeSegments(entry);
    if (segments.length === 0) throw new VeilError('BAD_REQUEST', 'The dataset root itself cannot be left out; name files or folders inside it.');
    return segments.join('/');
  });
}

async function changeSelection(root: string, action: string, details: Record<string, unknown>, change: (selection: Selection) => Selection): Promise<Selection> {
  const state = await updateChecklistState(root, action, details, (current) => ({ ...current, selection: change(current.selection), selectionConfirmed: null }));
  return state.selection;
}

/**
 * Leaves files or folders (dataset-relative) out of the copy.
 *
 * @example
 * await excludeFromCopy('/data/study', ['derivatives/fmriprep', 'code/notes.txt']);
 */
export async function excludeFromCopy(root: string, paths: readonly string[]): Promise<Selection> {
  const entries = normalisedPaths(paths);
  return changeSelection(root, 'selection.exclude', { paths: entries }, (selection) => ({
    ...selection,
    excluded: [...new Set([...selection.excluded, ...entries])],
    included: selection.included.filter((entry) => !entries.includes(entry)),
  }));
}

/**
 * Puts files or folders back into the copy: undoes an exclusion, or overrides a default one
 * (e.g. a file wrongly taken for a key). DICOM put back still blocks the gate.
 *
 * @example
 * await includeInCopy('/data/study', ['code/mapping_conditions.csv']);
 */
export async function includeInCopy(root: string, paths: readonly string[]): Promise<Selection> {
  const entries = normalisedPaths(paths);
  return changeSelection(root, 'selection.include', { paths: entries }, (selection) => ({
    ...selection,
    excluded: selection.excluded.filter((entry) => !entries.includes(entry)),
    included: [...new Set([...selection.included, ...entries])],
  }));
}

/**
 * Leaves table columns (by header) out of every table in the copy.
 *
 * @example
 * await dropColumns('/data/study', ['handedness']);
 */
export async function dropColumns(root: string, columns: readonly string[]): Promise<Selection> {
  const names = columns.map((column) => column.trim()).filter(Boolean);
  return changeSelection(root, 'selection.drop-columns', { columns: names }, (selection) => ({ ...selection, droppedColumns: [...new Set([...selection.droppedColumns, ...names])] }));
}

/**
 * Keeps columns that were dropped.
 *
 * @example
 * await keepColumns('/data/study', ['handedness']);
 */
export async function keepColumns(root: string, columns: readonly string[]): Promise<Selection> {
  return changeSelection(root, 'selection.keep-columns', { columns }, (selection) => ({ ...selection, droppedColumns: selection.droppedColumns.filter((name) => !columns.includes(name)) }));
}

/**
 * Records why a kept personal-data column is needed (one line: what analysis uses it).
 *
 * @example
 * await justifyColumn('/data/study', 'age', 'Covariate in every group-level GLM.');
 */
export async function justifyColumn(root: string, column: string, text: string): Promise<Selection> {
  const line = text.trim();
  if (line === '' || line.includes('\n')) throw new VeilError('BAD_REQUEST', `The justification for "${column}" must be one line saying what analysis uses it.`);
  const state = await updateChecklistState(root, 'selection.justify', { column, text: line }, (current, by) => ({
    ...current,
    selection: { ...current.selection, justifications: { ...current.selection.justifications, [column]: { text: line, by } } },
  }));
  return state.selection;
}

/**
 * Confirms the selection as it is now (checklist item 3 needs it, with every kept personal column justified).
 *
 * @example
 * await confirmSelection('/data/study');
 */
export async function confirmSelection(root: string): Promise<ChecklistState> {
  return updateChecklistState(root, 'selection.confirm', {}, (current, by) => ({ ...current, selectionConfirmed: by }));
}
