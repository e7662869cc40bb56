/**
 * How far a learner is in the course, read from the practice project itself: the scan's deface
 * states and reviews, the checklist's items and decisions (`.veil/checklist.json`), the last
 * publication copy and the report. Nothing is ticked off by hand, so a step done with the command
 * line shows as done in the app, and a step undone (a T1 re-defaced, a series put back) shows again
 * what is wrong.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ChecklistSection, TutorialAction, TutorialProgressView, TutorialStepIdView, TutorialStepStatus } from '../api/tutorial.js';
import { checkFolder, type CheckResult } from '../checklist/check/check-folder.js';
import type { DefacingRow } from '../checklist/items/defacing.js';
import { evaluateChecklist, plural, type ChecklistEvaluation, type ItemId } from '../checklist/items/evaluate-checklist.js';
import { DATASET_REPORT_FILE } from '../checklist/report/write-report.js';
import { loadLastStage, type StageRecord } from '../checklist/stage/last-stage.js';
import { isAtOrBelow } from '../checklist/stage/plan-publication.js';
import { fileSystemError } from '../files/fs-errors.js';
import { isPracticeProject } from './practice-marker.js';
import { PRACTICE_KEY_FILE, practiceFoldersLeftOut, seriesImage } from './practice-files.js';
import { PRACTICE_PARTICIPANTS } from './practice-people.js';
import { formatCommand, tutorialOutputs, tutorialSteps } from './steps.js';

/** What one step's check answers. */
interface StepCheck {
  status: TutorialStepStatus;
  evidence: string[];
  todo: string[];
  action: TutorialAction | null;
}

/** One T1 of the course, with its checklist row (null when neither it nor its defaced output goes into the copy). */
interface CourseT1 {
  subject: string;
  image: string;
  row: DefacingRow | null;
}

/** Everything the checks read, gathered once per call. */
interface ProjectFacts {
  /** What `veil check` finds on the project (the first step's command). */
  check: CheckResult;
  evaluation: ChecklistEvaluation;
  t1s: CourseT1[];
  lastStage: StageRecord | null;
  /** The course's first command wrote its defaced T1 beside the project. */
  firstDefacedBeside: boolean;
  /** When a report of the project was last written (the app's or the course command's), or null. */
  reportWrittenAt: number | null;
  outputs: ReturnType<typeof tutorialOutputs>;
}

/** What each detector family (a finding rule's prefix) looks at, for a learner. */
const FINDING_FAMILIES: Readonly<Record<string, string>> = {
  key: 'the pseudonymization key',
  table: 'tables (names, e-mail addresses, dates of birth)',
  sidecar: 'scanner sidecars (names, dates, UIDs, the site)',
  name: 'file names (DICOM UIDs)',
  nifti: 'NIfTI headers (scan times)',
  deface: 'T1s that still show a face',
};

const subjects = (t1s: readonly CourseT1[]) => t1s.map((t1) => t1.subject).join(', ');
const isDefaced = (t1: CourseT1) => t1.row?.state === 'defaced';

/** Why a T1 is not defaced when it is more than "not yet", or null. */
function notDefacedReason(t1: CourseT1): string | null {
  if (t1.row === null) return 'left out of the copy';
  if (t1.row.state === 'failed') return 'its last run or its self-check failed';
  if (t1.row.state === 'stale') return 'changed since it was defaced';
  return null;
}

/** `sub-003`, or `sub-003 (its last run or its self-check failed)`. */
function notDefacedNote(t1: CourseT1): string {
  const reason = notDefacedReason(t1);
  return reason === null ? t1.subject : `${t1.subject} (${reason})`;
}

const status = (done: boolean): TutorialStepStatus => (done ? 'done' : 'todo');
const toChecklist = (done: boolean, section: ChecklistSection | null): TutorialAction | null => (done ? null : { kind: 'checklist', section });
const compareAction = (t1: CourseT1 | undefined): TutorialAction | null =>
  t1?.row?.output ? { kind: 'compare', original: t1.image, defaced: t1.row.output } : null;

function itemOf(facts: ProjectFacts, id: ItemId) {
  const found = facts.evaluation.items.find((entry) => entry.id === id);
  if (!found) throw new Error(`The checklist has no item ${id}.`);
  return found;
}

/** The checklist item as the step's check: done when the item is, with its evidence and what it says is left. */
function itemCheck(facts: ProjectFacts, id: ItemId, courseTodo: string[], section: ChecklistSection | null): StepCheck {
  const entry = itemOf(facts, id);
  const todo = [...courseTodo, ...entry.todo];
  const done = entry.status === 'done' && todo.length === 0;
  return { status: status(done), evidence: entry.evidence, todo, action: toChecklist(done, section) };
}

const CHECKS: Readonly<Record<TutorialStepIdView, (facts: ProjectFacts) => StepCheck>> = {
  survey: ({ check }) => {
    const families = new Map<string, number>();
    for (const finding of check.findings) {
      const [family = finding.rule] = finding.rule.split('.');
      families.set(family, (families.get(family) ?? 0) + 1);
    }
    return {
      status: 'read',
      evidence: [
        `veil check finds ${plural(check.counts.blocking, 'blocking finding')} and ${plural(check.counts.warnings, 'warning')} in ${plural(check.files, 'file')}:`,
        ...[...families].map(([family, count]) => `${count} in ${FINDING_FAMILIES[family] ?? family}.`),
      ],
      todo: [],
      action: { kind: 'checklist', section: null },
    };
  },

  'deface-one': ({ t1s, firstDefacedBeside, outputs }) => {
    const [first] = t1s;
    if (!first) throw new Error('The course has no T1.');
    const inApp = isDefaced(first);
    return {
      status: status(inApp || firstDefacedBeside),
      evidence: [
        ...(inApp ? [`${first.subject}'s T1 is defaced: ${first.row?.output}.`] : []),
        ...(firstDefacedBeside ? [`The course's command wrote ${path.basename(outputs.firstDefaced)} beside the project.`] : []),
      ],
      todo: inApp || firstDefacedBeside ? [] : [`${first.subject}'s T1 is not defaced${notDefacedReason(first) === null ? ' yet' : `: ${notDefacedReason(first)}`}.`],
      action: inApp ? compareAction(first) : { kind: 'deface', paths: [first.image] },
    };
  },

  'deface-all': ({ t1s }) => {
    // A failed self-check makes the scan's state `failed` (not `defaced`): such a T1 is waiting, with its reason.
    const waiting = t1s.filter((t1) => !isDefaced(t1));
    const todo = waiting.length ? [`${waiting.length} of ${plural(t1s.length, 'T1')} not defaced yet: ${waiting.map(notDefacedNote).join(', ')}.`] : [];
    const defaceable = waiting.filter((t1) => t1.row !== null).map((t1) => t1.image);
    return {
      status: status(todo.length === 0),
      evidence: [`${t1s.length - waiting.length} of ${plural(t1s.length, 'T1')} defaced, each with its self-check.`],
      todo,
      action: defaceable.length ? { kind: 'deface', paths: defaceable } : null,
    };
  },

  review: ({ t1s }) => {
    const defaced = t1s.filter(isDefaced);
    const unreviewed = defaced.filter((t1) => t1.row?.review === null);
    const rejected = defaced.filter((t1) => t1.row?.review && t1.row.review.verdict !== 'pass');
    const waiting = t1s.filter((t1) => !isDefaced(t1));
    const passed = t1s.filter((t1) => t1.row?.ok);
    const todo = [
      ...(waiting.length ? [`Deface ${subjects(waiting)} first.`] : []),
      ...(unreviewed.length ? [`${unreviewed.length} of ${plural(defaced.length, 'defaced T1')} not reviewed yet: ${subjects(unreviewed)}.`] : []),
      ...(rejected.length ? [`${subjects(rejected)} reviewed as fail or needs attention: deface again and review the new output.`] : []),
    ];
    return {
      status: status(passed.length === t1s.length),
      evidence: [`${passed.length} of ${plural(t1s.length, 'T1')} reviewed as pass.`],
      todo,
      action: compareAction(defaced.find((t1) => t1.row?.review?.verdict !== 'pass')),
    };
  },

  key: (facts) => {
    const wrongNoKey = facts.evaluation.state.key?.status === 'none';
    return itemCheck(facts, 'key', wrongNoKey ? [`You recorded that no key exists, but ${PRACTICE_KEY_FILE} is the practice project's key: mark it and dispose of it.`] : [], 'key');
  },

  minimize: (facts) => {
    const going = facts.evaluation.plan.files.filter((file) => file.excluded === null && file.source !== null);
    const leftOut = practiceFoldersLeftOut();
    const stillGoing = leftOut.filter((folder) => going.some((file) => file.source !== null && isAtOrBelow(file.source, folder)));
    const courseTodo = stillGoing.length ? [`${stillGoing.length} of ${leftOut.length} localizer and BOLD series still go into the copy: ${stillGoing.join(', ')}.`] : [];
    return itemCheck(facts, 'minimization', courseTodo, 'minimization');
  },

  generalize: (facts) => {
    const toAges = facts.evaluation.state.generalization.dateOfBirth !== 'birth-year';
    return itemCheck(facts, 'generalization', toAges ? ['Dates of birth become ages: the course generalizes them to birth years ("Dates of birth become: birth years" in the Checklist, or veil generalize --dob birth-year).'] : [], 'generalization');
  },

  metadata: (facts) => itemCheck(facts, 'metadata', [], 'metadata'),

  publish: ({ lastStage, reportWrittenAt }) => {
    const stagedAt = lastStage ? Date.parse(lastStage.staged.at) : null;
    const todo: string[] = [];
    if (lastStage === null) todo.push('No publication copy built yet.');
    else if (!lastStage.gate.passed) todo.push(`The copy in ${lastStage.out} did not pass the gate: ${lastStage.gate.reasons.join(' ')}`);
    if (reportWrittenAt === null) todo.push('The report is not written yet.');
    else if (stagedAt !== null && reportWrittenAt < stagedAt) todo.push('The report is older than the last copy: write it again.');
    return {
      status: status(todo.length === 0),
      evidence: [
        ...(lastStage ? [`Copy built in ${lastStage.out} (${lastStage.staged.at}): gate ${lastStage.gate.passed ? 'passed' : 'not passed'}, ${lastStage.gate.blocking} blocking, ${lastStage.gate.warnings} warnings.`] : []),
        ...(reportWrittenAt !== null ? [`Report written ${new Date(reportWrittenAt).toISOString()}.`] : []),
      ],
      todo,
      action: toChecklist(todo.length === 0, 'publish'),
    };
  },
};

/** When the file was last modified (ms), or null when it does not exist. */
async function modifiedAt(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileSystemError(error, 'read', file);
  }
}

/**
 * The course on the dataset at `root` (absolute) with each step's status, or null when the dataset
 * is not a practice project. Commands name the project by its folder name, as `veil tutorial NAME`
 * printed them; run from the folder that holds it, they do what the step's button does.
 *
 * @example
 * const progress = await tutorialProgress('/home/me/veil-practice');
 * progress?.steps.map((step) => `${step.title}: ${step.status}`); // ['Find what identifies the participants: read', 'Deface one T1…: todo', …]
 */
export async function tutorialProgress(root: string): Promise<TutorialProgressView | null> {
  if (!(await isPracticeProject(root))) return null;
  const project = path.basename(root);
  const outputs = tutorialOutputs(path.join(path.dirname(root), project));
  // Both survey the project; on the practice project that is 13-37 ms for the check and 4-10 ms for
  // the checklist (measured, warm and cold), so the walkthrough reads it afresh every time.
  const [check, evaluation, lastStage, firstDefaced, appReport, courseReport] = await Promise.all([
    checkFolder(root),
    evaluateChecklist(root),
    loadLastStage(root),
    modifiedAt(outputs.firstDefaced),
    modifiedAt(path.join(root, ...DATASET_REPORT_FILE.split('/'))),
    modifiedAt(outputs.report),
  ]);
  const t1s = PRACTICE_PARTICIPANTS.map((participant) => {
    const image = seriesImage(participant, 't1');
    return { subject: participant.subject, image, row: evaluation.defacing.find((row) => row.image === image) ?? null };
  });
  const reports = [appReport, courseReport].filter((time) => time !== null);
  const facts: ProjectFacts = {
    check,
    evaluation,
    t1s,
    lastStage,
    firstDefacedBeside: firstDefaced !== null,
    reportWrittenAt: reports.length ? Math.max(...reports) : null,
    outputs,
  };
  return {
    project,
    steps: tutorialSteps(project).map((step) => ({ id: step.id, title: step.title, why: step.why, commands: step.commands.map(formatCommand), ...CHECKS[step.id](facts) })),
  };
}
