/**
 * Review verdicts: recorded only for a Veil output with its self-check, stored in
 * `.veil/reviews.json`, shown by the scan only while they hold for the output on disk.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanDataset } from '../../src/datasets/scan/scan-dataset.js';
import { sidecarPathFor } from '../../src/engine/sidecar.js';
import { pairProvenance, recordReview } from '../../src/review/pair-provenance.js';
import { loadReviews, reviewsPathFor } from '../../src/review/review-store.js';
import { writeFakeOutput, writeTree } from '../fixtures/scan-fixtures.js';
import { makeTempDir } from '../support/temp-dir.js';

const ORIGINAL = 'sub-01/anat/sub-01_T1w.nii';
const DEFACED = 'derivatives/veil/sub-01/anat/sub-01_T1w.nii';
const pair = { original: ORIGINAL, defaced: DEFACED };

describe('reviews of defaced images', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  const at = (relative: string) => path.join(tmp.path, ...relative.split('/'));

  beforeEach(async () => {
    tmp = await makeTempDir();
    await writeTree(tmp.path, [ORIGINAL, { 'dataset_description.json': '{"Name":"t","BIDSVersion":"1.10.0"}' }]);
    await writeFakeOutput(at(ORIGINAL), at(DEFACED));
  });
  afterEach(() => tmp.remove());

  it('records a verdict with the output’s sha256 and shows it in the provenance and the scan', async () => {
    const review = await recordReview(tmp.path, pair, 'pass', '  Face and ears gone.  ');
    expect(review).toMatchObject({ verdict: 'pass', note: 'Face and ears gone.', defacedPath: DEFACED, defacedSha256: '0'.repeat(64) });
    expect((await loadReviews(tmp.path)).get(ORIGINAL)).toEqual(review);
    expect(await pairProvenance(tmp.path, pair)).toMatchObject({ selfCheck: { verdict: 'pass' }, review });

    const scan = await scanDataset(tmp.path);
    expect(scan.images.find((image) => image.path === ORIGINAL)).toMatchObject({ state: 'defaced', output: DEFACED, review });
  });

  it('drops a review once the output is re-defaced (its sha256 in the self-check changed)', async () => {
    await recordReview(tmp.path, pair, 'fail', 'Nose still visible.');
    const sidecar = sidecarPathFor(at(DEFACED));
    const check = JSON.parse(await readFile(sidecar, 'utf8')) as { output: { sha256: string } };
    check.output.sha256 = '1'.repeat(64);
    await writeFile(sidecar, JSON.stringify(check));

    expect((await pairProvenance(tmp.path, pair)).review).toBeNull();
    const scan = await scanDataset(tmp.path);
    expect(scan.images.find((image) => image.path === ORIGINAL)?.review).toBeNull();
  });

  it('refuses to review an image without a Veil self-check, or one made from another original', async () => {
    await writeTree(tmp.path, ['sub-01/anat/sub-01_T2w.nii', 'elsewhere/copy.nii']);
    await expect(recordReview(tmp.path, { original: ORIGINAL, defaced: 'elsewhere/copy.nii' }, 'pass', '')).rejects.toThrow(/no Veil self-check/);
    await expect(recordReview(tmp.path, { original: 'sub-01/anat/sub-01_T2w.nii', defaced: DEFACED }, 'pass', '')).rejects.toThrow(/was made from sub-01_T1w\.nii/);
    await expect(recordReview(tmp.path, { original: '../outside.nii', defaced: DEFACED }, 'pass', '')).rejects.toThrow(/'\.\.'/);
    expect(await loadReviews(tmp.path)).toEqual(new Map());
  });

  it('keeps every verdict when several are recorded at once', async () => {
    const others = ['sub-02', 'sub-03', 'sub-04'].map((subject) => ({
      original: `${subject}/anat/${subject}_T1w.nii`,
      defaced: `derivatives/veil/${subject}/anat/${subject}_T1w.nii`,
    }));
    await writeTree(tmp.path, others.map((other) => other.original));
    for (const other of others) await writeFakeOutput(at(other.original), at(other.defaced));
    await Promise.all([pair, ...others].map((each) => recordReview(tmp.path, each, 'attention', each.original)));
    expect([...(await loadReviews(tmp.path)).keys()].sort()).toEqual([ORIGINAL, ...others.map((other) => other.original)].sort());
  });

  it('never writes over a damaged reviews file, and the scan goes on without it', async () => {
    await writeTree(tmp.path, [{ '.veil/reviews.json': '{"version": 1, "reviews": ' }]);
    await expect(recordReview(tmp.path, pair, 'pass', '')).rejects.toThrow(/reviews\.json are not valid JSON/);
    expect(await readFile(reviewsPathFor(tmp.path), 'utf8')).toBe('{"version": 1, "reviews": ');
    const scan = await scanDataset(tmp.path);
    expect(scan.warnings).toEqual([expect.stringMatching(/reviews\.json are not valid JSON/)]);
    expect(scan.images.find((image) => image.path === ORIGINAL)?.state).toBe('defaced');
  });
});
