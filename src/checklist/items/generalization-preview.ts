/**
 * The before/after preview of checklist item 4: the first rows of every table going into the copy as
 * they are and as the generalization would write them, with the column changes and k-anonymity.
 * Cells of direct-identifier columns are masked in "before": a preview is shown on screens and in
 * terminals, and must not be the place where the names leak.
 */
import { surveyFolder } from '../check/survey-folder.js';
import { DIRECT_IDENTIFIER_ROLES, isMissing, type ColumnRole } from '../detectors/column-roles.js';
import { maskValue } from '../findings.js';
import { findTextHits } from '../values/text-hits.js';
import { GeneralizationChoicesSchema, loadChecklistState, type GeneralizationChoices } from '../state/checklist-state.js';
import { DateShifter } from '../transforms/date-shifter.js';
import { transformTable, type ColumnChange } from '../transforms/table-transform.js';
import { firstAcquisitionDates, participantOfPath, today } from '../stage/participants.js';
import { includedFiles, planPublication } from '../stage/plan-publication.js';
import { evaluateChecklist } from './evaluate-checklist.js';
import type { KAnonymityReport } from '../k-anonymity.js';

export interface TablePreview {
  file: string;
  before: { header: string[]; rows: string[][] };
  after: { header: string[]; rows: string[][] };
  changes: ColumnChange[];
}

export interface GeneralizationPreview {
  choices: GeneralizationChoices;
  tables: TablePreview[];
  kAnonymity: KAnonymityReport[];
}

/** A "before" cell as a preview may show it: direct identifiers masked whole, identifiers inside text masked in place. */
function maskedCell(cell: string, role: ColumnRole, knownNames: ReadonlySet<string>): string {
  if (isMissing(cell)) return cell;
  if (DIRECT_IDENTIFIER_ROLES.has(role)) return maskValue(cell);
  let masked = '';
  let position = 0;
  for (const hit of findTextHits(cell, knownNames)) {
    masked += `${cell.slice(position, hit.start)}[${maskValue(hit.value)}]`;
    position = hit.end;
  }
  return masked + cell.slice(position);
}

/**
 * Previews the generalization of the dataset at `root` with its saved choices, or with `overrides`
 * (not saved), on the first `rows` rows of each table.
 *
 * @example
 * const preview = await previewGeneralization('/data/study', { dateOfBirth: 'age' });
 * preview.tables[0].after.header; // ['participant_id', 'age', 'sex']
 */
export async function previewGeneralization(root: string, overrides: Partial<GeneralizationChoices> = {}, rows = 5): Promise<GeneralizationPreview> {
  const [saved, survey] = await Promise.all([loadChecklistState(root), surveyFolder(root)]);
  const choices = GeneralizationChoicesSchema.parse({ ...saved.generalization, ...overrides });
  const state = { ...saved, generalization: choices };
  const plan = planPublication(survey, state);
  const going = new Set(includedFiles(plan).map((file) => file.source));
  const shifter = new DateShifter();
  const firstDates = firstAcquisitionDates(survey.tables);
  const tables = survey.tables
    .filter(({ file }) => going.has(file))
    .map(({ file, table, roles }): TablePreview => {
      const head = { ...table, rows: table.rows.slice(0, rows) };
      const { table: after, changes } = transformTable(head, {
        roles,
        choices,
        droppedColumns: new Set(state.selection.droppedColumns),
        knownNames: survey.knownNames,
        shifter,
        pathParticipant: participantOfPath(file),
        firstDates,
        today: today(),
        rewriteReference: () => null,
      });
      const masked = head.rows.map((row) => row.map((cell, column) => maskedCell(cell, roles[column] ?? 'other', survey.knownNames)));
      return { file, before: { header: table.header, rows: masked }, after: { header: after.header, rows: after.rows }, changes };
    });
  const { kAnonymity } = await evaluateChecklist(root, { survey, state });
  return { choices, tables, kAnonymity };
}
