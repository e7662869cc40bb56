/**
 * What the Walkthrough area sees of a practice project (issue #9): the course's steps with the
 * commands a learner types on the cluster, whether each is done as the project stands, what is
 * still wrong, and what the step's button does in the app. Pure module (zod only): the renderer bundles it.
 */
import { z } from 'zod';

export const TutorialStepIdSchema = z.enum(['survey', 'deface-one', 'deface-all', 'review', 'key', 'minimize', 'generalize', 'metadata', 'publish']);
export type TutorialStepIdView = z.infer<typeof TutorialStepIdSchema>;

/** The Checklist tab's sections a step's button scrolls to. */
export const ChecklistSectionSchema = z.enum(['key', 'minimization', 'generalization', 'metadata', 'publish']);
export type ChecklistSection = z.infer<typeof ChecklistSectionSchema>;

/**
 * What a step's button does: deface these T1s (the Dataset tab's batch), open Compare on this pair,
 * or open the Checklist at a section (null: its top). Paths are dataset-relative.
 */
export const TutorialActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('deface'), paths: z.array(z.string()).min(1) }),
  z.strictObject({ kind: z.literal('compare'), original: z.string(), defaced: z.string() }),
  z.strictObject({ kind: z.literal('checklist'), section: ChecklistSectionSchema.nullable() }),
]);
export type TutorialAction = z.infer<typeof TutorialActionSchema>;

/** `read`: the step changes nothing in the project; it shows what the detectors found. */
export const TutorialStepStatusSchema = z.enum(['done', 'todo', 'read']);
export type TutorialStepStatus = z.infer<typeof TutorialStepStatusSchema>;

export const TutorialStepViewSchema = z.strictObject({
  id: TutorialStepIdSchema,
  title: z.string(),
  why: z.string(),
  /** Each command as typed in a shell, starting with `veil`. */
  commands: z.array(z.string()),
  status: TutorialStepStatusSchema,
  /** What the project shows for the step, one sentence each. */
  evidence: z.array(z.string()),
  /** What is still wrong, one sentence each; empty when done. */
  todo: z.array(z.string()),
  /** Null when there is nothing left for the button to do. */
  action: TutorialActionSchema.nullable(),
});
export type TutorialStepView = z.infer<typeof TutorialStepViewSchema>;

export const TutorialProgressViewSchema = z.strictObject({
  /** The project's folder name: the commands name the project by it, as `veil tutorial NAME` did. */
  project: z.string(),
  steps: z.array(TutorialStepViewSchema),
});
export type TutorialProgressView = z.infer<typeof TutorialProgressViewSchema>;
