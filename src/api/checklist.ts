/**
 * What the Checklist tab sees of the anonymization checklist (issue #6): the five items with their
 * evidence, the decisions it can take, the generalization preview and the gate of the last copy.
 * Pure module (zod only): the renderer bundles it. The core's own records live in src/checklist.
 */
import { z } from 'zod';

export const ChecklistItemIdSchema = z.enum(['defacing', 'key', 'minimization', 'generalization', 'metadata']);
export const ChecklistItemStatusSchema = z.enum(['todo', 'attention', 'done']);

export const ChecklistItemViewSchema = z.strictObject({
  id: ChecklistItemIdSchema,
  title: z.string(),
  status: ChecklistItemStatusSchema,
  evidence: z.array(z.string()),
  todo: z.array(z.string()),
});

export const GateViewSchema = z.strictObject({
  passed: z.boolean(),
  blocking: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  reasons: z.array(z.string()),
});
export type GateView = z.infer<typeof GateViewSchema>;

export const FindingViewSchema = z.strictObject({
  rule: z.string(),
  severity: z.enum(['blocking', 'warning']),
  file: z.string(),
  field: z.string().nullable(),
  /** Masked: enough to find the value, not enough to repeat it. */
  excerpt: z.string(),
  message: z.string(),
});
export type FindingView = z.infer<typeof FindingViewSchema>;

/** Findings sent with a gate: the blocking ones first; a copy with thousands of warnings is summarised by its counts. */
export const MAX_FINDINGS_SHOWN = 500;

/** How identifying values are generalized in the publication copy: the choices a person confirms. */
export const GeneralizationSettingsSchema = z.strictObject({
  /** Date of birth → birth year, or age in whole years (at the row's date or the first session). */
  dateOfBirth: z.enum(['birth-year', 'age']),
  /** Ages → whole years, or bands of `ageBandWidth` years; both top-coded at 89+. */
  ages: z.enum(['years', 'bands']),
  ageBandWidth: z.number().int().min(2).max(20),
  /** Dates → shifted by one random offset per participant into 1925 or earlier, or removed. */
  dates: z.enum(['shift', 'remove']),
});
export type GeneralizationSettings = z.infer<typeof GeneralizationSettingsSchema>;

export const ChecklistViewSchema = z.strictObject({
  items: z.array(ChecklistItemViewSchema),
  allDone: z.boolean(),
  key: z.strictObject({
    status: z.enum(['undecided', 'marked', 'disposed', 'none']),
    /** The marked or disposed key file, dataset-relative. */
    file: z.string().nullable(),
  }),
  keyCandidates: z.array(z.strictObject({ file: z.string(), reasons: z.array(z.string()) })),
  personalColumns: z.array(
    z.strictObject({ column: z.string(), role: z.string(), tables: z.array(z.string()), dropped: z.boolean(), justification: z.string().nullable() }),
  ),
  /** Every file of the dataset and whether it goes into the copy (and why not). */
  files: z.array(z.strictObject({ path: z.string(), included: z.boolean(), why: z.string().nullable() })),
  keepInstitution: z.string().nullable(),
  /** The generalization choices as saved (Veil's defaults until a person confirms them). */
  generalization: GeneralizationSettingsSchema,
  lastStage: z.strictObject({ out: z.string(), stagedAt: z.string(), gate: GateViewSchema, findings: z.array(FindingViewSchema) }).nullable(),
});
export type ChecklistView = z.infer<typeof ChecklistViewSchema>;

const cell = z.string();
export const GeneralizationPreviewViewSchema = z.strictObject({
  tables: z.array(
    z.strictObject({
      file: z.string(),
      before: z.strictObject({ header: z.array(cell), rows: z.array(z.array(cell)) }),
      after: z.strictObject({ header: z.array(cell), rows: z.array(z.array(cell)) }),
      changes: z.array(z.strictObject({ column: z.string(), action: z.string(), cells: z.number().int().nonnegative() })),
    }),
  ),
  kAnonymity: z.array(
    z.strictObject({
      file: z.string(),
      quasiIdentifiers: z.array(z.string()),
      kBefore: z.number().int().nullable(),
      kAfter: z.number().int().nullable(),
      /** Records in groups smaller than 5. */
      smallBefore: z.number().int().nonnegative(),
      smallAfter: z.number().int().nonnegative(),
    }),
  ),
});
export type GeneralizationPreviewView = z.infer<typeof GeneralizationPreviewViewSchema>;

/** One decision of the Checklist tab; every one is recorded in `.veil/checklist.json` and the audit log. */
export const ChecklistDecisionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('mark-key'), path: z.string().min(1) }),
  /** Deletes the marked key: `confirmation` must be its file name, typed. */
  z.strictObject({ action: z.literal('dispose-key'), confirmation: z.string() }),
  z.strictObject({ action: z.literal('no-key'), reason: z.string().trim().min(1, 'say why no key exists') }),
  z.strictObject({ action: z.literal('exclude'), paths: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ action: z.literal('include'), paths: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ action: z.literal('drop-column'), column: z.string().min(1) }),
  z.strictObject({ action: z.literal('keep-column'), column: z.string().min(1) }),
  z.strictObject({ action: z.literal('justify-column'), column: z.string().min(1), text: z.string().trim().min(1, 'a justification needs a sentence') }),
  z.strictObject({ action: z.literal('confirm-selection') }),
  /** Confirms the saved choices, or these (saved with the confirmation). */
  z.strictObject({ action: z.literal('confirm-generalization'), choices: GeneralizationSettingsSchema.optional() }),
  /** `keepInstitution`: the reason to keep InstitutionName/Address/Department, or null to remove them. */
  z.strictObject({ action: z.literal('confirm-metadata'), keepInstitution: z.string().trim().min(1).nullable() }),
]);
export type ChecklistDecision = z.infer<typeof ChecklistDecisionSchema>;
