/**
 * Everything the anonymization report shows, as data (the report's JSON, and what the HTML is drawn
 * from): the checklist with its evidence, defacing per image with QC pictures, the key-disposal
 * record, minimization, k-anonymity, the last publication copy with its per-file actions, findings
 * and gate, tool versions, and the audit log of decisions.
 */
import os from 'node:os';
import path from 'node:path';
import { VEIL_VERSION } from '../../paths.js';
import { surveyFolder } from '../check/survey-folder.js';
import type { DefacingRow } from '../items/defacing.js';
import { evaluateChecklist, type ChecklistItem } from '../items/evaluate-checklist.js';
import { KEY_COPIES_WARNING } from '../items/key-disposal.js';
import type { PersonalColumn } from '../items/minimization.js';
import type { KAnonymityReport } from '../k-anonymity.js';
import { currentActor, type Actor } from '../state/actor.js';
import { readAudit, type AuditEntry } from '../state/audit-log.js';
import type { ChecklistState, KeyRecord } from '../state/checklist-state.js';
import { loadLastStage, type StageRecord } from '../stage/last-stage.js';
import { reportPictures, type ReportPicture } from './pictures.js';

export interface ReportData {
  schema: 'veil.report/1';
  dataset: { name: string; root: string };
  generated: Actor;
  tools: { veil: string; node: string; platform: string; host: string; engines: string[] };
  items: ChecklistItem[];
  allDone: boolean;
  defacing: DefacingRow[];
  pictures: ReportPicture[];
  key: KeyRecord | null;
  keyWarning: string;
  keyCandidates: { file: string; reasons: string[] }[];
  personalColumns: PersonalColumn[];
  choices: Pick<ChecklistState, 'generalization' | 'metadata'>;
  kAnonymity: KAnonymityReport[];
  /** The last publication copy, or null when none was staged. */
  stage: StageRecord | null;
  audit: AuditEntry[];
}

/**
 * Gathers the report of the dataset at `root` (absolute) as it is now.
 *
 * @example
 * const data = await buildReport('/data/study');
 * data.stage?.gate.passed; // true
 */
export async function buildReport(root: string): Promise<ReportData> {
  const survey = await surveyFolder(root);
  const [evaluation, stage, audit] = await Promise.all([evaluateChecklist(root, { survey }), loadLastStage(root), readAudit(root)]);
  const pictures = await reportPictures(survey, evaluation.defacing.map((row) => row.image));
  return {
    schema: 'veil.report/1',
    dataset: { name: path.basename(root), root },
    generated: currentActor(),
    tools: {
      veil: VEIL_VERSION,
      node: process.version,
      platform: `${os.type()} ${os.release()} (${process.arch})`,
      host: os.hostname(),
      engines: [...new Set(evaluation.defacing.flatMap((row) => (row.engine ? [row.engine] : [])))],
    },
    items: evaluation.items,
    allDone: evaluation.allDone,
    defacing: evaluation.defacing,
    pictures,
    key: evaluation.state.key,
    keyWarning: KEY_COPIES_WARNING,
    keyCandidates: evaluation.keyCandidates,
    personalColumns: evaluation.personalColumns,
    choices: { generalization: evaluation.state.generalization, metadata: evaluation.state.metadata },
    kAnonymity: evaluation.kAnonymity,
    stage,
    audit,
  };
}
