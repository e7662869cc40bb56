/**
 * The native engine on the real heads and templates in ../shared/data (beside the project): every
 * image defaces with verdict pass, and on templates with a reference brain mask at most 0.1 % of the
 * mask is removed. Skipped, saying so, where the data folder is absent.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEFACE_PARAMETERS } from '../../src/api/deface.js';
import { nativeEngine } from '../../src/engine/native-engine.js';
import { parseNifti } from '../../src/nifti/index.js';
import { PROJECT_ROOT } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';

const DATA_ROOT = path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
const available = existsSync(path.join(DATA_ROOT, 't1'));
const images = available
  ? ['t1', 'templates'].flatMap((folder) =>
      readdirSync(path.join(DATA_ROOT, folder))
        .filter((name) => name.endsWith('.nii.gz'))
        .sort()
        .map((name) => path.join(folder, name)),
    )
  : [];
const BRAIN_MASKS: Record<string, string> = {
  'templates/allineate_MNI152_T1_1mm.nii.gz': 'brain/allineate_MNI152_T1_1mm_brain_mask.nii.gz',
  'templates/deface_avg152T1.nii.gz': 'brain/allineate_avg152T1_brain_mask.nii.gz',
  'templates/mricron_ch2.nii.gz': 'brain/mricron_ch2bet.nii.gz',
};

describe.skipIf(!available)(`native engine on real images${available ? '' : ` (skipped: ${DATA_ROOT} is absent)`}`, () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    tmp = await makeTempDir();
  });
  afterAll(() => tmp.remove());

  it.each(images)('%s: defaced with verdict pass, brain untouched', async (image) => {
    const output = path.join(tmp.path, path.basename(image));
    const maskOut = path.join(tmp.path, `removed-${path.basename(image)}`);
    const outcome = await nativeEngine.run(
      // The engine alone here; the recognizability check on these images is measured by the README's table.
      { input: path.join(DATA_ROOT, image), output, parameters: DEFAULT_DEFACE_PARAMETERS, maskOut, skipRecognizability: true },
      () => undefined,
      { aborted: false },
    );
    expect(outcome.selfCheck.reasons).toEqual([]);
    expect(outcome.selfCheck).toMatchObject({ verdict: 'pass', brainVoxelsChanged: 0, geometryUnchanged: true });

    const reference = BRAIN_MASKS[image];
    if (reference) {
      const brain = parseNifti(await readFile(path.join(DATA_ROOT, reference)), reference).stored;
      const removed = parseNifti(await readFile(maskOut), maskOut).stored;
      let inBrain = 0, removedBrain = 0;
      brain.forEach((value, index) => {
        if (value > 0) {
          inBrain++;
          if (removed[index]) removedBrain++;
        }
      });
      expect(removedBrain / inBrain).toBeLessThanOrEqual(0.001);
    }
  }, 60_000);
});
