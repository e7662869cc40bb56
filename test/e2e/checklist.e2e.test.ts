/**
 * The anonymization checklist end to end through the built `veil` command line, on a dataset with
 * identifiers planted everywhere they hide (and the real sidecars, DICOM files and a real T1 from
 * ../shared/data when present): a T1 defaced with `veil deface-all`, every item handled from the CLI,
 * `veil stage` refusing the gate until then and passing after, no planted value anywhere in the copy
 * (bytes, decompressed images, gzip headers, names), the source untouched, and the report showing it.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPlantedValues, gzipWithStoredName, PLANTED, SHARED_DATA, sourceFingerprint, writeFiles, writePlantedDataset } from '../fixtures/checklist-fixtures.js';
import { encodeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom } from '../fixtures/phantom.js';
import { BUILT_CLI } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';
import { runVeil } from '../support/veil-process.js';

const REAL_T1 = path.join(SHARED_DATA, 't1', 'allineate_T1w2mm.nii.gz');
/** A third subject whose T1 Veil really defaces: the real 2 mm head when present, else a phantom. */
const DEFACED_FOR_REAL = 'sub-03/anat/sub-03_T1w.nii.gz';

describe('the anonymization checklist from the command line', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let root: string;
  let planted: string[];
  const veil = (...args: string[]) => runVeil(args);

  beforeAll(async () => {
    if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build:core\` first.`);
    tmp = await makeTempDir();
    root = path.join(tmp.path, 'study');
    ({ planted } = await writePlantedDataset(root));
    if (existsSync(REAL_T1)) await writeFiles(root, { [DEFACED_FOR_REAL]: await readFile(REAL_T1) });
    else await writeFiles(root, { [DEFACED_FOR_REAL]: gzipWithStoredName(encodeNifti(generatePhantom({ voxelSize: [3, 3, 3], seed: 3 })), 'sub-03_Jan_de_Vries.nii', 1614852000) });
    planted.push('TE=2.4;Time=120517', 'sub-03_Jan_de_Vries');
  });
  afterAll(() => tmp.remove());

  it(`defaces, handles every item, stages a copy without any planted value, and reports it${existsSync(REAL_T1) ? '' : ` (the real T1 is absent: ${REAL_T1}; a phantom stands in)`}`, async () => {
    const defaced = await veil('deface-all', root, '--only', 'sub-03', '--engine', 'native', '--jobs', '1');
    expect(defaced.code, defaced.stderr).toBe(0);

    // The source is not publishable, and saying so does not repeat the values.
    const check = await veil('check', root);
    expect(check.code).toBe(4);
    for (const value of ['Jan de Vries', 'jan.devries@example.org', '06-12345678', '111222333', 'Kapittelweg 29', '06-06-1970', 'crlab']) {
      expect(check.stdout, value).not.toContain(value);
    }
    expect(check.stdout).toMatch(/BLOCKING .*\[key\.candidate\]/);
    expect(check.stdout).toMatch(/BLOCKING .*\[dicom\.present\]/);

    const unhandled = await veil('stage', root, path.join(tmp.path, 'first'));
    expect(unhandled.code).toBe(4);
    expect(unhandled.stdout).toContain('Gate: NOT PASSED');
    expect(unhandled.stdout).toContain('Checklist item "Pseudonymization key" is not done.');

    for (const image of [PLANTED.defacedT1, DEFACED_FOR_REAL]) {
      const review = await veil('review', root, image, '--verdict', 'pass', '--note', 'face and ears gone');
      expect(review.code, review.stderr).toBe(0);
    }
    const candidates = await veil('key', 'candidates', root);
    expect(candidates.stdout).toContain(PLANTED.key);
    expect((await veil('key', 'mark', root, PLANTED.key)).code).toBe(0);
    const wrong = await veil('key', 'dispose', root, '--confirm', 'key.csv');
    expect(wrong).toMatchObject({ code: 1, stderr: 'veil: To delete admin/koppeltabel.csv, type its file name exactly: koppeltabel.csv\n' });
    const disposed = await veil('key', 'dispose', root, '--confirm', 'koppeltabel.csv');
    expect(disposed.code).toBe(0);
    expect(disposed.stdout).toMatch(/verified gone/);
    expect(existsSync(path.join(root, ...PLANTED.key.split('/')))).toBe(false);

    expect((await veil('minimize', 'exclude', root, PLANTED.undefacedT1)).code).toBe(0);
    expect((await veil('minimize', 'drop-column', root, 'notes', 'handedness')).code).toBe(0);
    for (const [column, why] of [['age', 'Covariate in the group GLM'], ['dob', 'Birth year for cohort effects'], ['sex', 'Covariate in the group GLM'], ['acq_time', 'Intervals between sessions']]) {
      expect((await veil('minimize', 'justify', root, column ?? '', why ?? '')).code).toBe(0);
    }
    expect((await veil('minimize', 'confirm', root)).stdout).toBe('Selection confirmed.\n');
    const preview = await veil('generalize', root, '--dob', 'age');
    expect(preview.stdout).toContain('Not saved.');
    expect(preview.stdout).not.toContain('Jan de Vries');
    expect((await veil('generalize', root, '--confirm')).code).toBe(0);
    expect((await veil('metadata', root, '--confirm')).code).toBe(0);
    const checklist = await veil('checklist', root);
    expect(checklist.stdout.match(/^\[done\]/gm)).toHaveLength(5);

    const source = await sourceFingerprint(root);
    const out = path.join(tmp.path, 'publication');
    const staged = await veil('stage', root, out, '--dates', 'shift');
    expect(staged.code, staged.stdout).toBe(0);
    expect(staged.stdout).toMatch(/Gate: PASSED \(0 blocking/);
    expect((await veil('check', out)).code).toBe(0);
    expect(await findPlantedValues(out, planted)).toEqual([]);
    expect(await sourceFingerprint(root)).toEqual(source);

    const report = await veil('report', root, '--out', path.join(tmp.path, 'report.html'));
    expect(report.code).toBe(0);
    const page = await readFile(path.join(tmp.path, 'report.html'), 'utf8');
    expect(page).toContain('Gate: <strong>PASSED</strong>');
    expect(page).toContain('face and ears gone');
    expect(page).toContain('Verified gone</th><td>yes');
    for (const value of ['Jan de Vries', 'jan.devries@example.org', '06-12345678', '111222333']) expect(page, value).not.toContain(value);
    expect(await sourceFingerprint(root)).toEqual(source);
  }, 180_000);
});
