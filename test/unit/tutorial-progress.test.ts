/**
 * The walkthrough's progress (`tutorial.progress`) on a practice project, through the service as the
 * app calls it: each step turns done only when the project shows it (defaced outputs, reviews, the
 * checklist's decisions, the copy and the report), and says what is still wrong until then.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage, EventPayload, MethodResult } from '../../src/api/contract.js';
import type { ChecklistDecision } from '../../src/api/checklist.js';
import type { TutorialProgressView, TutorialStepView } from '../../src/api/tutorial.js';
import { createVeilService, type VeilService } from '../../src/service/veil-service.js';
import { PRACTICE_MARKER_FILE } from '../../src/tutorial/practice-marker.js';
import { PRACTICE_KEY_FILE, practiceFoldersLeftOut, seriesImage } from '../../src/tutorial/practice-files.js';
import { PRACTICE_PARTICIPANTS } from '../../src/tutorial/practice-people.js';
import { tutorialProgress } from '../../src/tutorial/progress.js';
import { requireBuild } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';

const t1s = PRACTICE_PARTICIPANTS.map((participant) => seriesImage(participant, 't1'));

describe('the walkthrough progress of a practice project', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let service: VeilService;
  let datasetId: string;
  const seen: EventMessage[] = [];

  beforeAll(async () => {
    requireBuild(); // the batch runs the built engine worker
    tmp = await makeTempDir();
    service = createVeilService({ shell: 'browser', allowTypedPaths: true });
    service.events.subscribe((message) => seen.push(message));
    const created = await service.invoke('tutorial.create', { path: path.join(tmp.path, 'course-2026') });
    if (!created.ok) throw new Error(created.error.message);
    datasetId = (created.value as { id: string }).id;
  }, 60_000);
  afterAll(() => tmp.remove());

  async function progress(): Promise<TutorialProgressView> {
    const answer = await service.invoke('tutorial.progress', { datasetId });
    if (!answer.ok) throw new Error(answer.error.message);
    if (answer.value === null) throw new Error('not recognised as a practice project');
    return answer.value as TutorialProgressView;
  }
  const step = async (id: TutorialStepView['id']) => (await progress()).steps.find((entry) => entry.id === id) as TutorialStepView;
  async function decide(decision: ChecklistDecision): Promise<void> {
    const answer = await service.invoke('checklist.decide', { datasetId, decision });
    if (!answer.ok) throw new Error(answer.error.message);
  }
  async function deface(paths: string[]): Promise<void> {
    const started = await service.invoke('batch.start', { datasetId, paths, engine: 'native', output: 'derivatives' });
    if (!started.ok) throw new Error(started.error.message);
    const { batchId } = started.value as MethodResult<'batch.start'>;
    const finished = () => seen.find((m) => m.event === 'batch.finished' && (m.payload as EventPayload<'batch.finished'>).batchId === batchId);
    await expect.poll(finished, { timeout: 120_000, interval: 100 }).toBeDefined();
    expect((finished()?.payload as EventPayload<'batch.finished'>).summary?.failed).toBe(0);
  }

  it('shows the course in order, with the commands named after the project folder, and nothing done yet', async () => {
    const view = await progress();
    expect(view.project).toBe('course-2026');
    expect(view.steps.map((entry) => entry.id)).toEqual(['survey', 'deface-one', 'deface-all', 'review', 'key', 'minimize', 'generalize', 'metadata', 'publish']);
    expect(view.steps[2]?.commands).toEqual(['veil deface-all course-2026 --engine native']);
    expect(view.steps[0]).toMatchObject({ status: 'read', action: { kind: 'checklist', section: null } });
    const survey = view.steps[0]?.evidence ?? [];
    expect(survey[0]).toMatch(/^veil check finds \d+ blocking findings and \d+ warnings in \d+ files:$/);
    expect(survey).toEqual(expect.arrayContaining(['1 in the pseudonymization key.', '5 in T1s that still show a face.', expect.stringMatching(/^\d+ in scanner sidecars/)]));
    expect(view.steps.slice(1).map((entry) => entry.status)).toEqual(Array(8).fill('todo'));
    expect(view.steps[1]).toMatchObject({ todo: ["sub-001's T1 is not defaced yet."], action: { kind: 'deface', paths: [t1s[0]] } });
    expect(view.steps[2]).toMatchObject({ todo: ['5 of 5 T1s not defaced yet: sub-001, sub-002, sub-003, sub-004, sub-005.'], action: { kind: 'deface', paths: t1s } });
    expect(view.steps[3]?.action).toBeNull();
    expect(view.steps[4]?.action).toEqual({ kind: 'checklist', section: 'key' });
    expect(view.steps[8]?.todo).toEqual(['No publication copy built yet.', 'The report is not written yet.']);
  });

  it('follows defacing and reviews: the first T1, then the rest, then each verdict', async () => {
    await deface([t1s[0] as string]);
    const first = await step('deface-one');
    expect(first.status).toBe('done');
    expect(first.action).toMatchObject({ kind: 'compare', original: t1s[0], defaced: expect.stringMatching(/^derivatives\/veil\//) });
    expect((await step('deface-all')).todo).toEqual(['4 of 5 T1s not defaced yet: sub-002, sub-003, sub-004, sub-005.']);
    expect((await step('deface-all')).action).toEqual({ kind: 'deface', paths: t1s.slice(1) });

    await deface(t1s.slice(1));
    expect(await step('deface-all')).toMatchObject({ status: 'done', todo: [], action: null });
    const review = await step('review');
    expect(review.todo).toEqual(['5 of 5 defaced T1s not reviewed yet: sub-001, sub-002, sub-003, sub-004, sub-005.']);
    expect(review.action).toMatchObject({ kind: 'compare', original: t1s[0] });

    const record = async (original: string, verdict: 'pass' | 'fail') => {
      const action = (await step('review')).action as { original: string; defaced: string };
      expect(action.original).toBe(original);
      const answer = await service.invoke('reviews.record', { datasetId, original, defaced: action.defaced, verdict, note: '' });
      expect(answer.ok).toBe(true);
    };
    await record(t1s[0] as string, 'fail');
    expect((await step('review')).todo).toContain('sub-001 reviewed as fail or needs attention: deface again and review the new output.');
    await record(t1s[0] as string, 'pass');
    for (const t1 of t1s.slice(1)) await record(t1, 'pass');
    expect(await step('review')).toMatchObject({ status: 'done', todo: [], action: null, evidence: ['5 of 5 T1s reviewed as pass.'] });
  }, 300_000);

  it('asks for the key to be disposed of, not declared absent', async () => {
    await decide({ action: 'no-key', reason: 'I think there is none.' });
    expect((await step('key')).todo).toEqual([`You recorded that no key exists, but ${PRACTICE_KEY_FILE} is the practice project's key: mark it and dispose of it.`]);
    await decide({ action: 'mark-key', path: PRACTICE_KEY_FILE });
    expect((await step('key')).status).toBe('todo');
    await decide({ action: 'dispose-key', confirmation: 'koppeltabel.csv' });
    expect(await step('key')).toMatchObject({ status: 'done', todo: [], action: null });
  });

  it('checks the selection against the course: localizers and BOLD runs out, columns justified or dropped, confirmed', async () => {
    const folders = practiceFoldersLeftOut();
    await decide({ action: 'exclude', paths: folders.slice(0, 7) });
    await decide({ action: 'drop-column', column: 'handedness' });
    await decide({ action: 'justify-column', column: 'date_of_birth', text: 'Birth year for cohort effects' });
    await decide({ action: 'justify-column', column: 'sex', text: 'Covariate in the group analysis' });
    await decide({ action: 'confirm-selection' });
    const partly = await step('minimize');
    expect(partly.status).toBe('todo');
    expect(partly.todo).toEqual([`3 of 10 localizer and BOLD series still go into the copy: ${folders.slice(7).join(', ')}.`]);
    expect(partly.action).toEqual({ kind: 'checklist', section: 'minimization' });
    await decide({ action: 'exclude', paths: folders.slice(7) });
    await decide({ action: 'confirm-selection' });
    expect(await step('minimize')).toMatchObject({ status: 'done', todo: [] });
  });

  it('turns generalization, metadata and the publication step done from the checklist, the gate and the report', async () => {
    expect((await step('generalize')).todo).toEqual(['Look at the preview and k-anonymity, then confirm the generalization choices.']);
    await decide({ action: 'confirm-generalization' });
    await decide({ action: 'confirm-metadata', keepInstitution: null });
    expect((await progress()).steps.slice(1, 8).map((entry) => entry.status)).toEqual(Array(7).fill('done'));

    const staged = await service.invoke('checklist.stage', { datasetId, out: path.join(tmp.path, 'course-2026-publication') });
    expect(staged).toMatchObject({ ok: true, value: { gate: { passed: true } } });
    expect((await step('publish')).todo).toEqual(['The report is not written yet.']);
    expect((await service.invoke('checklist.report', { datasetId })).ok).toBe(true);
    const publish = await step('publish');
    expect(publish).toMatchObject({ status: 'done', todo: [], action: null });
    expect(publish.evidence[0]).toMatch(/gate passed, 0 blocking/);
  }, 120_000);

  it('counts the first T1 defaced by the course command beside the project', async () => {
    const other = path.join(tmp.path, 'by-hand');
    await service.invoke('tutorial.create', { path: other });
    expect((await tutorialProgress(other))?.steps[1]?.status).toBe('todo');
    await writeFile(path.join(tmp.path, 'by-hand-sub-001-defaced.nii'), 'written by veil deface');
    const first = (await tutorialProgress(other))?.steps[1];
    expect(first).toMatchObject({ status: 'done', evidence: ['The course\'s command wrote by-hand-sub-001-defaced.nii beside the project.'] });
  }, 60_000);

  it('answers null for a dataset that is not a practice project, and an error for a damaged mark', async () => {
    const real = path.join(tmp.path, 'real');
    await mkdir(path.join(real, '.veil'), { recursive: true });
    const opened = await service.invoke('datasets.open', { path: real });
    const realId = opened.ok ? (opened.value as { id: string }).id : '';
    expect(await service.invoke('tutorial.progress', { datasetId: realId })).toEqual({ ok: true, value: null });
    await writeFile(path.join(real, ...PRACTICE_MARKER_FILE.split('/')), '{"schema": "veil.practice/1"');
    expect(await service.invoke('tutorial.progress', { datasetId: realId })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/damaged/) } });
    expect(await service.invoke('tutorial.progress', { datasetId: 'not-an-id' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
