/**
 * Checklist items 4 and 5 as decisions: the generalization choices (dates of birth, ages, dates,
 * quasi-identifiers) and the metadata choices (keep the institution or not, with the reason). Veil
 * proposes defaults; an item counts as handled only once a person confirmed its choices.
 */
import { describeZodError, VeilError } from '../../api/result.js';
import {
  GeneralizationChoicesSchema,
  MetadataChoicesSchema,
  updateChecklistState,
  type ChecklistState,
  type GeneralizationChoices,
  type MetadataChoices,
} from '../state/checklist-state.js';

/**
 * Saves and confirms the generalization choices (missing ones keep their current value).
 *
 * @example
 * await confirmGeneralization('/data/study', { dateOfBirth: 'age', dates: 'remove' });
 */
export async function confirmGeneralization(root: string, choices: Partial<GeneralizationChoices>): Promise<ChecklistState> {
  return updateChecklistState(root, 'generalization.confirm', { choices }, (current, by) => {
    const parsed = GeneralizationChoicesSchema.safeParse({ ...current.generalization, ...choices });
    if (!parsed.success) throw new VeilError('BAD_REQUEST', `Generalization choices: ${describeZodError(parsed.error)}`);
    return { ...current, generalization: parsed.data, generalizationConfirmed: by };
  });
}

/**
 * Saves and confirms the metadata choices.
 *
 * @example
 * await confirmMetadata('/data/study', { keepInstitution: { reason: 'The site is named in the paper.' } });
 */
export async function confirmMetadata(root: string, choices: MetadataChoices): Promise<ChecklistState> {
  return updateChecklistState(root, 'metadata.confirm', { choices }, (current, by) => {
    const parsed = MetadataChoicesSchema.safeParse(choices);
    if (!parsed.success) throw new VeilError('BAD_REQUEST', `Metadata choices: ${describeZodError(parsed.error)}`);
    return { ...current, metadata: parsed.data, metadataConfirmed: by };
  });
}
