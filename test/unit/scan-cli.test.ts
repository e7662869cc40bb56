/** `veil scan` through the built executable: the tree, the summary, `--json`, and the exit codes. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DCCN_FIXTURE_FILES, writeDccnFixture } from '../fixtures/dataset-tree.js';
import { writeFakeOutput } from '../fixtures/scan-fixtures.js';
import { BUILT_CLI } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';
import { runVeil } from '../support/veil-process.js';

const [FIRST_T1 = '', SECOND_T1 = '', FMRI = ''] = DCCN_FIXTURE_FILES;

describe('veil scan', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  const defaced = path.posix.join(path.posix.dirname(SECOND_T1), `defaced_${path.posix.basename(SECOND_T1)}`);

  beforeAll(async () => {
    if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build:core\` first.`);
    tmp = await makeTempDir();
    await writeDccnFixture(tmp.path);
    await writeFakeOutput(path.join(tmp.path, SECOND_T1), path.join(tmp.path, defaced));
  });
  afterAll(() => tmp.remove());

  it('prints the tree subject → session → series → files with badges, and a summary', async () => {
    const result = await runVeil(['scan', tmp.path]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`${tmp.path}: dccn layout (subjects in raw/)`);
    expect(lines.slice(1, 5)).toEqual([
      'sub-001',
      '  ses-mri01',
      '    002-t1_mprage_sag_ipat2_1p0iso',
      `      ${path.posix.basename(FIRST_T1)}  [t1] [not-defaced]`,
    ]);
    expect(result.stdout).toContain(`      ${path.posix.basename(SECOND_T1)}  [t1] [defaced]\n      ${path.posix.basename(defaced)}  [defaced-output]\n`);
    expect(result.stdout).toContain(`    004-fmri_task\n      ${path.posix.basename(FMRI)}  [functional]\n`);
    expect(lines.at(-1)).toBe('4 images: 2 t1 (1 not-defaced, 1 defaced), 1 functional, 1 defaced-output');
  });

  it('--json prints one array of {path, subject, session, series, kind, state}', async () => {
    const result = await runVeil(['scan', tmp.path, '--json', '--layout', 'dccn']);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as unknown[];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      path: FIRST_T1,
      subject: 'sub-001',
      session: 'ses-mri01',
      series: '002-t1_mprage_sag_ipat2_1p0iso',
      kind: 't1',
      state: 'not-defaced',
    });
    expect(rows).toContainEqual(expect.objectContaining({ path: defaced, kind: 'defaced-output', state: null }));
  });

  it('exits 1 with one line when DIR cannot be read, and 2 on bad usage', async () => {
    const missing = await runVeil(['scan', path.join(tmp.path, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^veil: Cannot list .*nope: no such file or folder\.$/);
    const notFolder = await runVeil(['scan', path.join(tmp.path, 'README.txt')]);
    expect(notFolder.code).toBe(1);
    expect(notFolder.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runVeil(['scan'])).code).toBe(2);
    const badLayout = await runVeil(['scan', tmp.path, '--layout', 'nifti']);
    expect(badLayout.code).toBe(2);
    expect(badLayout.stderr).toMatch(/must be one of auto, dccn, bids, flat/);
  });
});
