/**
 * The recognizability renders kept for the report: "Export pictures" right after "Show the
 * face-detection renders" keeps the sheet just made, and a rewritten file gets a new one. The check
 * itself is replaced by a counter (it is tested in recognizability.test.ts; here it would be seconds).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DatasetRegistry } from '../../src/datasets/registry.js';
import { createCompareHandlers } from '../../src/service/compare-handlers.js';
import { makeTempDir } from '../support/temp-dir.js';

const sheets = vi.hoisted(() => ({ made: 0 }));
vi.mock('../../src/recognizability/pictures.js', () => ({
  recognizabilitySheetForFiles: async () => Buffer.from(`sheet ${++sheets.made}`),
}));

describe('the face-detection sheet of a pair', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    tmp = await makeTempDir();
    sheets.made = 0;
    await writeFile(path.join(tmp.path, 'a.nii'), 'original');
    await writeFile(path.join(tmp.path, 'b.nii'), 'defaced');
  });
  afterEach(() => tmp.remove());

  it('is made once for a look then an export of the same files, and again after a file changes', async () => {
    const registry = new DatasetRegistry();
    const { id: datasetId } = await registry.open(tmp.path);
    const compare = createCompareHandlers(registry);
    const pair = { datasetId, original: 'a.nii', defaced: 'b.nii' };
    const kept = path.join(tmp.path, '.veil', 'snapshots', 'a.nii', 'face-detection.png');

    expect((await compare.byteReads['recognizability.sheet'](pair)).toString()).toBe('sheet 1');
    expect(await compare.methods['recognizability.keepSheet'](pair)).toEqual({ path: '.veil/snapshots/a.nii/face-detection.png' });
    expect(sheets.made).toBe(1);
    expect((await readFile(kept)).toString()).toBe('sheet 1');

    await writeFile(path.join(tmp.path, 'b.nii'), 'defaced again, differently');
    await compare.methods['recognizability.keepSheet'](pair);
    expect(sheets.made).toBe(2);
    expect((await readFile(kept)).toString()).toBe('sheet 2');
  });
});
