/** The course's steps and how `veil tutorial` prints their commands. */
import { describe, expect, it } from 'vitest';
import { formatCourse } from '../../src/cli/tutorial.js';
import { formatCommand, tutorialOutputs, tutorialSteps } from '../../src/tutorial/steps.js';

describe('the practice course', () => {
  it('quotes only the arguments a POSIX shell would split or expand', () => {
    expect(formatCommand(['minimize', 'justify', 'veil-practice', 'sex', 'Covariate in the group analysis'])).toBe(
      "veil minimize justify veil-practice sex 'Covariate in the group analysis'",
    );
    expect(formatCommand(['check', "/home/o'brien/veil practice"])).toBe("veil check '/home/o'\\''brien/veil practice'");
    expect(formatCommand(['key', 'dispose', 'p', '--confirm', 'koppeltabel.csv'])).toBe('veil key dispose p --confirm koppeltabel.csv');
  });

  it('writes its outputs beside the project, never inside it (they would be published)', () => {
    const outputs = tutorialOutputs('courses/veil-practice/');
    expect(outputs.project).toBe('courses/veil-practice');
    for (const file of [outputs.firstDefaced, outputs.publication, outputs.report]) expect(file.startsWith('courses/veil-practice/')).toBe(false);
    const commands = tutorialSteps('courses/veil-practice/').flatMap((step) => step.commands);
    expect(commands.some((command) => command.includes('courses/veil-practice//raw'))).toBe(false);
  });

  it('covers the whole path in order, each step explained and with at least one command', () => {
    const steps = tutorialSteps('veil-practice');
    const verbs = steps.flatMap((step) => step.commands.map((command) => command[0]));
    const order = ['check', 'deface', 'deface-all', 'review', 'key', 'minimize', 'generalize', 'metadata', 'stage', 'report'].map((verb) => verbs.indexOf(verb));
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(verbs.filter((verb) => verb === 'review')).toHaveLength(5);
    for (const step of steps) {
      expect(step.commands.length, step.title).toBeGreaterThan(0);
      expect(step.why.split(/(?<=[.!?])\s+/).length, step.title).toBeGreaterThanOrEqual(2);
    }
    const course = formatCourse('veil-practice');
    expect(course).toContain('1. Find what identifies the participants');
    expect(course).toContain('   $ veil deface-all veil-practice --engine native');
  });
});
