/**
 * The steps of the anonymization course on the practice project: what each step teaches, and the
 * `veil` commands a learner types for it. One list for `veil tutorial` (printed), the app's
 * walkthrough (shown next to its buttons) and the end-to-end test (run as they are), so the course,
 * the app and the tested path cannot drift apart.
 */
import type { TutorialStepIdView } from '../api/tutorial.js';
import { PRACTICE_KEY_FILE, practiceFoldersLeftOut, seriesImage } from './practice-files.js';
import { PRACTICE_PARTICIPANTS } from './practice-people.js';

export interface TutorialStep {
  /** The app's walkthrough checks and acts on a step by its id. */
  id: TutorialStepIdView;
  title: string;
  /** Why the step matters, in two or three sentences. */
  why: string;
  /** The commands, each as the arguments after `veil`. */
  commands: string[][];
}

/** The files the course writes beside the practice project (never inside it: they would be published). */
export interface TutorialOutputs {
  /** The practice project, as the learner types it. */
  project: string;
  /** The one T1 defaced by hand in the first step. */
  firstDefaced: string;
  /** Prefix of that T1's QC pictures (…_front.png, …_left.png, …_right.png). */
  firstQc: string;
  /** The publication copy. */
  publication: string;
  /** The anonymization report (HTML; report.json beside it). */
  report: string;
}

/**
 * Where the course writes its outputs for a practice project at `project`: beside it, named after it.
 *
 * @example
 * tutorialOutputs('veil-practice').publication; // 'veil-practice-publication'
 */
export function tutorialOutputs(project: string): TutorialOutputs {
  const base = project.replace(/[\\/]+$/, '');
  return {
    project: base,
    firstDefaced: `${base}-sub-001-defaced.nii`,
    firstQc: `${base}-sub-001-qc`,
    publication: `${base}-publication`,
    report: `${base}-report.html`,
  };
}

/**
 * The course's steps for a practice project at `project` (a path as the learner types it).
 *
 * @example
 * tutorialSteps('veil-practice')[2].commands; // [['deface-all', 'veil-practice', '--engine', 'native']]
 */
export function tutorialSteps(project: string): TutorialStep[] {
  const out = tutorialOutputs(project);
  const dir = out.project;
  const inProject = (relative: string) => `${dir}/${relative}`;
  const t1s = PRACTICE_PARTICIPANTS.map((participant) => seriesImage(participant, 't1'));
  const [firstT1 = ''] = t1s;
  const keyName = PRACTICE_KEY_FILE.slice(PRACTICE_KEY_FILE.lastIndexOf('/') + 1);
  return [
    {
      id: 'survey',
      title: 'Find what identifies the participants',
      why: 'Before changing anything, see what a project folder gives away: names and e-mail addresses in tables, dates of birth, scanner sidecars with names, dates and the site, faces in every T1, and the pseudonymization key. `veil check` runs the same detectors as the checklist; on the source it always blocks.',
      commands: [['check', dir]],
    },
    {
      id: 'deface-one',
      title: 'Deface one T1 and compare it with the original',
      why: 'A T1-weighted image shows the face well enough to recognise someone from a 3D render. Deface one image by hand and look at the before | after pictures: the face and ears must be gone and the brain untouched.',
      commands: [['deface', inProject(firstT1), out.firstDefaced, '--qc-png', out.firstQc]],
    },
    {
      id: 'deface-all',
      title: 'Deface all T1s',
      why: "On a real project you deface every T1 at once, on your computer or as a Slurm job on the cluster (`--scheduler slurm`). Each output is self-checked and the originals are never modified; Veil's own engine needs no FSL.",
      commands: [['deface-all', dir, '--engine', 'native']],
    },
    {
      id: 'review',
      title: 'Review every defaced T1',
      why: 'An automatic self-check can miss a face that is still recognisable, so a person looks at every result (open the project with `veil start` and use Compare). Record your verdict: only reviewed images count as defaced.',
      commands: t1s.map((t1) => ['review', dir, t1, '--verdict', 'pass', '--note', 'face and ears removed']),
    },
    {
      id: 'key',
      title: 'Dispose of the pseudonymization key',
      why: 'The key links each pseudonym to a name: while it exists next to the data, the data are only pseudonymized, not anonymous. Mark the key file and delete it; Veil verifies that it is gone and records when.',
      commands: [['key', 'candidates', dir], ['key', 'mark', dir, PRACTICE_KEY_FILE], ['key', 'dispose', dir, '--confirm', keyName]],
    },
    {
      id: 'minimize',
      title: 'Choose what to publish',
      why: 'Publish only what others need to repeat your analysis: here the results, scripts, materials and defaced T1s, not the localizers (which show a face) or the BOLD runs. Every personal-data column you keep needs a reason; drop the ones no analysis uses.',
      commands: [
        ['minimize', 'exclude', dir, ...practiceFoldersLeftOut()],
        ['minimize', 'drop-column', dir, 'handedness'],
        ['minimize', 'justify', dir, 'date_of_birth', 'Birth year for cohort effects'],
        ['minimize', 'justify', dir, 'sex', 'Covariate in the group analysis'],
        ['minimize', 'confirm', dir],
      ],
    },
    {
      id: 'generalize',
      title: 'Generalize dates of birth to birth years',
      why: 'A date of birth together with sex singles out almost anyone; a birth year much less so. Preview the generalized tables and their k-anonymity, then confirm.',
      commands: [['generalize', dir, '--dob', 'birth-year'], ['generalize', dir, '--dob', 'birth-year', '--confirm']],
    },
    {
      id: 'metadata',
      title: 'Scrub the metadata',
      why: 'Sidecars, NIfTI headers and file names carry names, dates, DICOM UIDs and the scanner site. Confirm the scrubbing choices; the institution is removed unless you keep it for a stated reason.',
      commands: [['metadata', dir, '--confirm']],
    },
    {
      id: 'publish',
      title: 'Build the publication copy and read the report',
      why: 'Veil writes a new folder with every choice applied, checks that copy again with all detectors and passes the gate only when nothing blocking is left. The report records what was done and by whom, for your data steward.',
      commands: [['stage', dir, out.publication], ['check', out.publication], ['report', dir, '--out', out.report]],
    },
  ];
}

/** Characters that need no quoting in a POSIX shell word. */
const PLAIN_WORD = /^[\w./:=@%+,-]+$/;

/**
 * A command as a learner types it: `veil`, then the arguments, quoted for a POSIX shell where needed.
 *
 * @example
 * formatCommand(['minimize', 'justify', 'veil-practice', 'sex', 'Covariate in the group analysis']);
 * // "veil minimize justify veil-practice sex 'Covariate in the group analysis'"
 */
export function formatCommand(args: readonly string[]): string {
  const words = args.map((arg) => (PLAIN_WORD.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`));
  return ['veil', ...words].join(' ');
}
