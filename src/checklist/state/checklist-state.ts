/**
 * The checklist's decisions, `.veil/checklist.json` in the source dataset: the key-disposal record,
 * the publication selection with its column justifications, the generalization and metadata choices,
 * and who confirmed each and when. Every change is written atomically and logged in the audit log.
 * What Veil can derive again (scans, findings, k-anonymity) is not stored here.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { GeneralizationSettingsSchema } from '../../api/checklist.js';
import { VeilError } from '../../api/result.js';
import { fileSystemError } from '../../files/fs-errors.js';
import { writeJsonAtomic } from '../../files/write-json-atomic.js';
import { ActorSchema, currentActor, type Actor } from './actor.js';
import { appendAudit } from './audit-log.js';

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

export const KeyRecordSchema = z.discriminatedUnion('status', [
  /** The user said which file is the key; not yet deleted. */
  z.strictObject({ status: z.literal('marked'), file: z.string(), sha256: Sha256Schema, size: z.number().int().nonnegative(), marked: ActorSchema }),
  /** Deleted after a typed confirmation and verified gone. */
  z.strictObject({
    status: z.literal('disposed'),
    file: z.string(),
    sha256: Sha256Schema,
    size: z.number().int().nonnegative(),
    disposed: ActorSchema,
    host: z.string(),
    verifiedGone: z.literal(true),
    warning: z.string(),
  }),
  /** The user stated that no key exists, and why. */
  z.strictObject({ status: z.literal('none'), reason: z.string().min(1), recorded: ActorSchema }),
]);
export type KeyRecord = z.infer<typeof KeyRecordSchema>;

export const JustificationSchema = z.strictObject({ text: z.string().min(1), by: ActorSchema });

export const SelectionSchema = z.strictObject({
  /** Files and folders (dataset-relative) left out of the copy, beyond the defaults. */
  excluded: z.array(z.string()),
  /** Files and folders put back into the copy although a default leaves them out. */
  included: z.array(z.string()),
  /** Table columns (by header) left out of every table in the copy. */
  droppedColumns: z.array(z.string()),
  /** Why each kept personal-data column (by header) is needed: what analysis uses it. */
  justifications: z.record(z.string(), JustificationSchema),
});
export type Selection = z.infer<typeof SelectionSchema>;

export const GeneralizationChoicesSchema = GeneralizationSettingsSchema.extend({
  /** Column headers (or roles: age, sex, handedness, group) k-anonymity is computed over. */
  quasiIdentifiers: z.array(z.string().min(1)).min(1),
});
export type GeneralizationChoices = z.infer<typeof GeneralizationChoicesSchema>;

export const DEFAULT_GENERALIZATION: GeneralizationChoices = {
  dateOfBirth: 'birth-year',
  ages: 'years',
  ageBandWidth: 5,
  dates: 'shift',
  quasiIdentifiers: ['age', 'sex', 'handedness', 'group'],
};

export const MetadataChoicesSchema = z.strictObject({
  /** Keep InstitutionName/Address/Department in sidecars, for the stated reason; null removes them. */
  keepInstitution: z.strictObject({ reason: z.string().min(1) }).nullable(),
});
export type MetadataChoices = z.infer<typeof MetadataChoicesSchema>;

export const ChecklistStateSchema = z.strictObject({
  schema: z.literal('veil.checklist/1'),
  key: KeyRecordSchema.nullable(),
  selection: SelectionSchema,
  /** Set when the user confirms the selection; any later change to it clears this. */
  selectionConfirmed: ActorSchema.nullable(),
  generalization: GeneralizationChoicesSchema,
  generalizationConfirmed: ActorSchema.nullable(),
  metadata: MetadataChoicesSchema,
  metadataConfirmed: ActorSchema.nullable(),
});
export type ChecklistState = z.infer<typeof ChecklistStateSchema>;

/**
 * The state of a dataset nothing was decided for yet.
 *
 * @example
 * emptyChecklistState().selection.excluded; // []
 */
export function emptyChecklistState(): ChecklistState {
  return {
    schema: 'veil.checklist/1',
    key: null,
    selection: { excluded: [], included: [], droppedColumns: [], justifications: {} },
    selectionConfirmed: null,
    generalization: DEFAULT_GENERALIZATION,
    generalizationConfirmed: null,
    metadata: { keepInstitution: null },
    metadataConfirmed: null,
  };
}

/**
 * Where a dataset's checklist state lives.
 *
 * @example
 * checklistStatePath('/data/study'); // '/data/study/.veil/checklist.json'
 */
export function checklistStatePath(root: string): string {
  return path.join(root, '.veil', 'checklist.json');
}

/**
 * Reads the state, or the empty state when there is none. A damaged file is an error naming it, never
 * silently reset: it holds the key-disposal record.
 *
 * @example
 * const state = await loadChecklistState('/data/study');
 */
export async function loadChecklistState(root: string): Promise<ChecklistState> {
  const file = checklistStatePath(root);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyChecklistState();
    throw fileSystemError(error, 'read', file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VeilError('BAD_REQUEST', `${file} is damaged (not JSON); restore it from a backup (the audit log ${path.join(root, '.veil', 'audit.jsonl')} has every decision).`);
  }
  const parsed = ChecklistStateSchema.safeParse(json);
  if (!parsed.success) throw new VeilError('BAD_REQUEST', `${file} is not a Veil checklist state.`);
  return parsed.data;
}

/**
 * Applies one decision: reads the state, changes it, writes it atomically, and appends the decision to
 * the audit log with who made it. Returns the new state.
 *
 * @example
 * await updateChecklistState(root, 'key.none', { reason }, (state, by) => ({ ...state, key: { status: 'none', reason, recorded: by } }));
 */
export async function updateChecklistState(
  root: string,
  action: string,
  details: Record<string, unknown>,
  change: (state: ChecklistState, by: Actor) => ChecklistState,
): Promise<ChecklistState> {
  const by = currentActor();
  const next = ChecklistStateSchema.parse(change(await loadChecklistState(root), by));
  try {
    await writeJsonAtomic(checklistStatePath(root), next);
  } catch (error) {
    throw fileSystemError(error, 'write', checklistStatePath(root));
  }
  await appendAudit(root, { ...by, action, details });
  return next;
}
