/**
 * The Checklist tab's sections by name: their titles (one text for the heading, the landmark and the
 * walkthrough's buttons) and their element ids, so another area can open the tab at one of them.
 */
import type { ChecklistSection } from '../../../../src/api/tutorial.js';

export const CHECKLIST_SECTION_TITLES: Readonly<Record<ChecklistSection, string>> = {
  key: 'Pseudonymization key',
  minimization: 'Data minimization',
  generalization: 'Data generalization',
  metadata: 'Metadata scrubbing',
  publish: 'Publication copy',
};

/**
 * The element id of a Checklist section.
 *
 * @example
 * checklistSectionId('key'); // 'checklist-key'
 */
export function checklistSectionId(section: ChecklistSection): string {
  return `checklist-${section}`;
}
