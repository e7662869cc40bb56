import { describe, expect, it } from 'vitest';
import { emptyBatch, withEvent, withFinish, withStartAnswer } from '../../renderer/src/features/dataset/batch-progress.js';

describe("the renderer's picture of a batch", () => {
  const image = 'raw/sub-001/ses-mri01/002-t1/00001_x.nii';

  it('follows an image from queued to done, keeping its log, whatever order the answer and events arrive in', () => {
    let batch = withEvent(emptyBatch('b1', 'd1'), { type: 'start', input: image, output: 'derivatives/veil/x.nii' });
    batch = withStartAnswer(batch, [image, 'raw/sub-002/x.nii'], [{ path: 'raw/sub-002/x.nii', reason: 'functional: never defaced' }]);
    expect(batch.images[image]?.status).toBe('running');
    expect(batch.images['raw/sub-002/x.nii']).toBeUndefined();
    batch = withEvent(batch, { type: 'log', input: image, line: 'bet: done' });
    batch = withEvent(batch, { type: 'progress', input: image, stage: 'fsl', fraction: 0.5 });
    expect(batch.images[image]).toMatchObject({ status: 'running', stage: 'fsl', fraction: 0.5, log: ['bet: done'] });
    batch = withEvent(batch, { type: 'done', input: image, output: 'derivatives/veil/x.nii', verdict: 'pass', seconds: 1.25 });
    expect(batch.images[image]).toMatchObject({ status: 'done', fraction: 1, message: 'self-check pass (1.3 s)', log: ['bet: done'] });
    expect(withFinish(batch, null, 'stopped').finished).toBe(true);
  });

  it('keeps only the last 200 log lines of an image', () => {
    let batch = emptyBatch('b1', 'd1');
    for (let n = 0; n < 250; n++) batch = withEvent(batch, { type: 'log', input: image, line: `line ${n}` });
    expect(batch.images[image]?.log).toHaveLength(200);
    expect(batch.images[image]?.log.at(-1)).toBe('line 249');
    expect(batch.images[image]?.status).toBe('queued');
  });
});
