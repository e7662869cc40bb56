/**
 * The handlers behind the Checklist tab: the checklist as the tab shows it, its decisions, the
 * generalization preview, the publication copy with its gate, and the report. The work is done by
 * src/checklist; this module only maps it to the contract's view.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_FINDINGS_SHOWN, type ChecklistDecision, type ChecklistView, type FindingView, type GateView, type GeneralizationPreviewView, type GeneralizationSettings } from '../api/checklist.js';
import { VeilError } from '../api/result.js';
import { sortFindings, type Finding } from '../checklist/findings.js';
import { confirmGeneralization, confirmMetadata } from '../checklist/items/choices.js';
import { evaluateChecklist, type ChecklistEvaluation } from '../checklist/items/evaluate-checklist.js';
import { previewGeneralization } from '../checklist/items/generalization-preview.js';
import { disposeKeyFile, markKeyFile, recordNoKey } from '../checklist/items/key-disposal.js';
import { confirmSelection, dropColumns, excludeFromCopy, includeInCopy, justifyColumn, keepColumns } from '../checklist/items/minimization.js';
import { DATASET_REPORT_FILE, writeReport } from '../checklist/report/write-report.js';
import { loadLastStage, type Gate, type StageRecord } from '../checklist/stage/last-stage.js';
import { stagePublicationCopy } from '../checklist/stage/stage-copy.js';
import type { DatasetRegistry } from '../datasets/registry.js';
import { fileSystemError } from '../files/fs-errors.js';
import type { Handlers } from './dispatch.js';
import type { EventBus } from './events.js';

export interface ChecklistHandlers {
  methods: Pick<Handlers, 'checklist.get' | 'checklist.decide' | 'checklist.preview' | 'checklist.stage' | 'checklist.report'>;
  /** The report's HTML bytes (`checklist.reportHtml`). */
  reportHtml: (params: { datasetId: string }) => Promise<Uint8Array>;
}

/**
 * Creates the Checklist handlers over the open datasets; stage progress goes out on `events`.
 *
 * @example
 * const checklist = createChecklistHandlers(registry, bus);
 * await checklist.methods['checklist.get']({ datasetId });
 */
export function createChecklistHandlers(datasets: DatasetRegistry, events: EventBus): ChecklistHandlers {
  const rootOf = (datasetId: string) => datasets.resolve(datasetId, '');
  const view = async (root: string): Promise<ChecklistView> => checklistView(await evaluateChecklist(root), await loadLastStage(root));
  return {
    methods: {
      'checklist.get': async ({ datasetId }) => view(await rootOf(datasetId)),
      'checklist.decide': async ({ datasetId, decision }) => {
        const root = await rootOf(datasetId);
        await decide(root, decision);
        return view(root);
      },
      'checklist.preview': async ({ datasetId, choices }) => previewView(await previewGeneralization(await rootOf(datasetId), choices)),
      'checklist.stage': async ({ datasetId, out, replace }) => {
        const root = await rootOf(datasetId);
        // Replacing deletes the folder at OUT once the new copy is in place: only ever the copy this
        // dataset's last stage wrote, never a folder someone typed by mistake.
        const last = await loadLastStage(root);
        if (replace && path.resolve(out) !== last?.out) {
          throw new VeilError('BAD_REQUEST', `Only the last publication copy (${last?.out ?? 'none yet'}) can be replaced; choose a new folder for ${out}.`);
        }
        const result = await stagePublicationCopy(root, out, {
          replace: replace ?? false,
          onProgress: (progress) => events.emit('checklist.progress', { datasetId, ...progress }),
        });
        return { out: result.out, gate: gateView(result.gate) };
      },
      'checklist.report': async ({ datasetId }) => {
        const root = await rootOf(datasetId);
        const file = path.join(root, ...DATASET_REPORT_FILE.split('/'));
        await mkdir(path.dirname(file), { recursive: true });
        const written = await writeReport(root, file);
        const relative = (absolute: string) => path.relative(root, absolute).split(path.sep).join('/');
        return { html: relative(written.html), json: relative(written.json) };
      },
    },
    reportHtml: async ({ datasetId }) => {
      const file = path.join(await rootOf(datasetId), ...DATASET_REPORT_FILE.split('/'));
      try {
        return await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new VeilError('NOT_FOUND', 'There is no report yet: write it first.');
        throw fileSystemError(error, 'read', file);
      }
    },
  };
}

async function decide(root: string, decision: ChecklistDecision): Promise<void> {
  switch (decision.action) {
    case 'mark-key':
      return void (await markKeyFile(root, decision.path));
    case 'dispose-key':
      return void (await disposeKeyFile(root, decision.confirmation));
    case 'no-key':
      return void (await recordNoKey(root, decision.reason));
    case 'exclude':
      return void (await excludeFromCopy(root, decision.paths));
    case 'include':
      return void (await includeInCopy(root, decision.paths));
    case 'drop-column':
      return void (await dropColumns(root, [decision.column]));
    case 'keep-column':
      return void (await keepColumns(root, [decision.column]));
    case 'justify-column':
      return void (await justifyColumn(root, decision.column, decision.text));
    case 'confirm-selection':
      return void (await confirmSelection(root));
    case 'confirm-generalization':
      return void (await confirmGeneralization(root, decision.choices ?? {}));
    case 'confirm-metadata':
      return void (await confirmMetadata(root, { keepInstitution: decision.keepInstitution === null ? null : { reason: decision.keepInstitution } }));
  }
}

function checklistView(evaluation: ChecklistEvaluation, lastStage: StageRecord | null): ChecklistView {
  const key = evaluation.state.key;
  return {
    items: evaluation.items.map(({ id, title, status, evidence, todo }) => ({ id, title, status, evidence, todo })),
    allDone: evaluation.allDone,
    key: key === null ? { status: 'undecided', file: null } : { status: key.status, file: key.status === 'none' ? null : key.file },
    keyCandidates: evaluation.keyCandidates.map(({ file, reasons }) => ({ file, reasons })),
    personalColumns: evaluation.personalColumns.map((column) => ({
      column: column.column,
      role: column.role,
      tables: column.tables,
      dropped: column.dropped,
      justification: column.justification?.text ?? null,
    })),
    files: evaluation.plan.files.map((file) => ({ path: file.path, included: file.excluded === null, why: file.excluded?.text ?? null })),
    keepInstitution: evaluation.state.metadata.keepInstitution?.reason ?? null,
    generalization: generalizationSettings(evaluation.state.generalization),
    lastStage: lastStage && { out: lastStage.out, stagedAt: lastStage.staged.at, gate: gateView(lastStage.gate), findings: findingsShown(lastStage.findings) },
  };
}

function generalizationSettings({ dateOfBirth, ages, ageBandWidth, dates }: GeneralizationSettings): GeneralizationSettings {
  return { dateOfBirth, ages, ageBandWidth, dates };
}

function gateView({ passed, blocking, warnings, reasons }: Gate): GateView {
  return { passed, blocking, warnings, reasons };
}

function findingsShown(findings: readonly Finding[]): FindingView[] {
  return sortFindings(findings)
    .slice(0, MAX_FINDINGS_SHOWN)
    .map(({ rule, severity, file, field, excerpt, message }) => ({ rule, severity, file, field, excerpt, message }));
}

function previewView(preview: Awaited<ReturnType<typeof previewGeneralization>>): GeneralizationPreviewView {
  const smallRecords = (groups: readonly { size: number }[]) => groups.reduce((sum, group) => sum + group.size, 0);
  return {
    tables: preview.tables.map(({ file, before, after, changes }) => ({ file, before, after, changes })),
    kAnonymity: preview.kAnonymity.map(({ file, before, after }) => ({
      file,
      quasiIdentifiers: after.quasiIdentifiers,
      kBefore: before.k,
      kAfter: after.k,
      smallBefore: smallRecords(before.smallGroups),
      smallAfter: smallRecords(after.smallGroups),
    })),
  };
}
