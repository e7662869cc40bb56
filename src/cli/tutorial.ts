/**
 * `veil tutorial [DIR]`: create the practice project and print the course, step by step, with the
 * commands to type. Exit codes: 0 created, 1 DIR is not empty or cannot be written, 2 bad usage.
 */
import { formatCommand, tutorialSteps } from '../tutorial/steps.js';
import { writePracticeProject } from '../tutorial/practice-project.js';
import { EXIT_OK } from './exit-codes.js';

/** Where `veil tutorial` creates the practice project when no DIR is given. */
export const DEFAULT_TUTORIAL_DIR = 'veil-practice';

/**
 * The course as text: each step's title, why it matters, and its commands (paths as the learner typed DIR).
 *
 * @example
 * console.log(formatCourse('veil-practice')); // "1. Find what identifies the participants\n   …\n   $ veil check veil-practice\n…"
 */
export function formatCourse(dir: string): string {
  return tutorialSteps(dir)
    .map((step, index) => [`${index + 1}. ${step.title}`, `   ${step.why}`, ...step.commands.map((command) => `   $ ${formatCommand(command)}`)].join('\n'))
    .join('\n\n');
}

/**
 * Creates the practice project in DIR and prints the course; a non-empty DIR raises a VeilError,
 * which the program prints in one line (exit 1).
 *
 * @example
 * process.exitCode = await tutorialCommand('veil-practice');
 */
export async function tutorialCommand(dir: string): Promise<number> {
  const root = await writePracticeProject(dir);
  console.log(`Practice project created in ${root}: five made-up participants, synthetic heads, and everything that identifies them.`);
  console.log(`Follow these steps from this folder. To do them in the app instead, run: ${formatCommand(['start', dir])}\n`);
  console.log(formatCourse(dir));
  console.log('\nWhen the gate passes, the publication copy is ready and the report says what was done.');
  return EXIT_OK;
}
