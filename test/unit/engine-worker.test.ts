import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEFACE_PARAMETERS } from '../../src/api/deface.js';
import { CancelledError, type DefaceProgress } from '../../src/engine/engine.js';
import { idleNativeWorkers, runNativeInWorker } from '../../src/engine/worker/run-native-in-worker.js';
import { writeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom } from '../fixtures/phantom.js';
import { requireBuild } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('the native engine in a worker thread', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let input: string;

  beforeAll(async () => {
    requireBuild();
    tmp = await makeTempDir();
    input = path.join(tmp.path, 'head.nii.gz');
    writeNifti(input, generatePhantom({ voxelSize: [2, 2, 2] }));
  });
  afterAll(() => tmp.remove());

  it('reports progress by stage, in order, up to 1, and answers the self-check', async () => {
    const seen: DefaceProgress[] = [];
    const outcome = await runNativeInWorker({ input, output: path.join(tmp.path, 'out.nii.gz'), parameters: DEFAULT_DEFACE_PARAMETERS }, (p) => seen.push(p));
    const stages = [...new Set(seen.map((p) => p.stage))];
    expect(stages).toEqual(['read', 'head-mask', 'brain-surface', 'face', 'ears', 'neck', 'write', 'self-check']);
    expect(seen.map((p) => p.fraction)).toEqual([...seen.map((p) => p.fraction)].sort((a, b) => a - b));
    expect(seen.at(-1)?.fraction).toBe(1);
    expect(outcome.selfCheck.brainVoxelsChanged).toBe(0);
  });

  /**
   * Runs into a folder of its own (holding `earlier` files first), cancelling at `stage` after
   * `delayMs`; returns what the folder holds after.
   */
  async function cancelledRun(folderName: string, stage: string, delayMs: number, earlier: Record<string, string> = {}): Promise<string[]> {
    const folder = path.join(tmp.path, folderName);
    await mkdir(folder);
    for (const [name, content] of Object.entries(earlier)) await writeFile(path.join(folder, name), content);
    const controller = new AbortController();
    const run = runNativeInWorker({ input, output: path.join(folder, 'out.nii.gz'), parameters: DEFAULT_DEFACE_PARAMETERS }, (p) => {
      if (p.stage === stage && !controller.signal.aborted) setTimeout(() => controller.abort(), delayMs);
    }, controller.signal);
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    return readdir(folder);
  }

  it('cancels cooperatively: the promise rejects as cancelled and no output or temporary file remains', async () => {
    expect(await cancelledRun('cancel', 'brain-surface', 0)).toEqual([]);
  });

  it('cancels during the self-check’s face detection too: the written output is taken back', async () => {
    // The output is on disk when the self-check starts; its recognizability check takes over a second.
    expect(await cancelledRun('cancel-check', 'self-check', 200)).toEqual([]);
  });

  it('leaves an earlier output and its self-check as they were when a rerun is cancelled in its self-check', async () => {
    const earlier = { 'out.nii.gz': 'the earlier output', 'out.veil.json': 'its self-check' };
    expect((await cancelledRun('cancel-rerun', 'self-check', 200, earlier)).sort()).toEqual(['out.nii.gz', 'out.veil.json']);
    const folder = path.join(tmp.path, 'cancel-rerun');
    expect(await readFile(path.join(folder, 'out.nii.gz'), 'utf8')).toBe('the earlier output');
    expect(await readFile(path.join(folder, 'out.veil.json'), 'utf8')).toBe('its self-check');
  });

  it('keeps a finished worker for the next image (one worker per concurrent run, not one per image)', async () => {
    const run = (name: string) =>
      runNativeInWorker({ input, output: path.join(tmp.path, name), parameters: DEFAULT_DEFACE_PARAMETERS, skipRecognizability: true }, () => undefined);
    await run('first.nii.gz');
    const afterOne = idleNativeWorkers();
    expect(afterOne).toBeGreaterThanOrEqual(1);
    await run('second.nii.gz');
    expect(idleNativeWorkers()).toBe(afterOne);
    await Promise.all([run('third.nii.gz'), run('fourth.nii.gz')]);
    expect(idleNativeWorkers()).toBe(Math.max(afterOne, 2));
  });

  it('refuses an image its analysis refuses while the face check already works on it, leaves nothing, and defaces the next image', async () => {
    // A uniform ball the size of a head: read, so the check starts on it, then refused by the analysis.
    const folder = path.join(tmp.path, 'refused');
    await mkdir(folder);
    const dims = [64, 72, 64];
    const data = new Int16Array(dims[0] * dims[1] * dims[2]);
    for (let k = 0, index = 0; k < dims[2]; k++) {
      for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, index++) data[index] = Math.hypot(i - 32, j - 36, k - 32) < 30 ? 100 : 0;
    }
    const ball = path.join(tmp.path, 'ball.nii.gz');
    writeNifti(ball, { dims, voxelSize: [2.5, 2.5, 2.5], affine: [[2.5, 0, 0, -80], [0, 2.5, 0, -90], [0, 0, 2.5, -80], [0, 0, 0, 1]], datatype: 'int16', data });
    await expect(runNativeInWorker({ input: ball, output: path.join(folder, 'out.nii.gz'), parameters: DEFAULT_DEFACE_PARAMETERS }, () => undefined)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/No head-like object/),
    });
    expect(await readdir(folder)).toEqual([]);
    const outcome = await runNativeInWorker({ input, output: path.join(folder, 'next.nii.gz'), parameters: DEFAULT_DEFACE_PARAMETERS }, () => undefined);
    expect(outcome.selfCheck.recognizability?.faceFoundOriginal).toBe(true);
  });

  it('turns engine errors into the same errors on the calling side', async () => {
    await expect(
      runNativeInWorker({ input: path.join(tmp.path, 'missing.nii'), output: path.join(tmp.path, 'x.nii'), parameters: DEFAULT_DEFACE_PARAMETERS }, () => undefined),
    ).rejects.toMatchObject({ name: 'VeilError', code: 'NOT_FOUND' });
  });
});
