/**
 * The practice project of `veil tutorial`: written whole and deterministically, laid out so the scan
 * sees a DCCN project with five T1s, and holding identifiers that `veil check` finds.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFolder } from '../../src/checklist/check/check-folder.js';
import { scanDataset } from '../../src/datasets/scan/scan-dataset.js';
import { readNifti } from '../../src/nifti/index.js';
import { PRACTICE_KEY_FILE, seriesImage } from '../../src/tutorial/practice-files.js';
import { PRACTICE_PARTICIPANTS } from '../../src/tutorial/practice-people.js';
import { writePracticeProject } from '../../src/tutorial/practice-project.js';
import { makeTempDir } from '../support/temp-dir.js';

/** Relative path → sha256 of every file below `root`. */
async function hashes(root: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    result.set(path.relative(root, file), createHash('sha256').update(await readFile(file)).digest('hex'));
  }
  return result;
}

describe('the practice project', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let root: string;
  beforeAll(async () => {
    tmp = await makeTempDir();
    root = await writePracticeProject(path.join(tmp.path, 'practice'));
  }, 60_000);
  afterAll(() => tmp.remove());

  it('is the same, byte for byte, every time it is generated', async () => {
    const again = await writePracticeProject(path.join(tmp.path, 'again'));
    const first = await hashes(root);
    expect(first.size).toBeGreaterThan(30);
    expect(await hashes(again)).toEqual(first);
  }, 60_000);

  it('scans as a DCCN project with five T1s to deface, a localizer and a 4D BOLD series per participant', async () => {
    const scan = await scanDataset(root);
    expect(scan).toMatchObject({ layout: 'dccn', dataRoot: 'raw' });
    const t1s = scan.images.filter((image) => image.kind === 't1');
    expect(t1s.map((image) => image.subject)).toEqual(PRACTICE_PARTICIPANTS.map((participant) => participant.subject));
    expect(t1s.every((image) => image.state === 'not-defaced' && /^00001_1\.3\.12\.[\d.]+\.nii$/.test(path.basename(image.path)))).toBe(true);
    expect(scan.images.filter((image) => image.kind === 'functional')).toHaveLength(5);
    expect(scan.images.filter((image) => image.kind === 'other')).toHaveLength(5);
    const [first] = PRACTICE_PARTICIPANTS;
    if (!first) throw new Error('no participants');
    const bold = await readFile(path.join(root, seriesImage(first, 'bold')));
    expect([bold.readInt16LE(40), bold.readInt16LE(48)]).toEqual([4, 4]); // dim[0] = 4 dimensions, dim[4] = 4 volumes
    const t1 = await readNifti(path.join(root, seriesImage(first, 't1')));
    expect(t1.pixdim).toEqual([2, 2, 2]);
  });

  it('holds the identifiers a course teaches to find: veil check blocks on the key, names, e-mails, dates of birth and sidecar fields', async () => {
    const result = await checkFolder(root);
    expect(result.keyCandidates.map((candidate) => candidate.file)).toContain(PRACTICE_KEY_FILE);
    const rules = new Set(result.findings.filter((finding) => finding.severity === 'blocking').map((finding) => finding.rule));
    expect(rules).toContain('key.candidate');
    expect([...rules].some((rule) => rule.startsWith('table.'))).toBe(true);
    expect([...rules].some((rule) => rule.startsWith('sidecar.'))).toBe(true);
    expect([...rules].some((rule) => rule.startsWith('deface.'))).toBe(true);
    const fields = new Set(result.findings.map((finding) => finding.field));
    for (const field of ['PatientName', 'PatientBirthDate', 'InstitutionName', 'AcquisitionDateTime', 'SeriesInstanceUID', 'name', 'email', 'date_of_birth']) {
      expect(fields, field).toContain(field);
    }
  }, 60_000);

  it('refuses a folder that already holds something, and leaves nothing behind', async () => {
    const busy = path.join(tmp.path, 'busy');
    await mkdir(busy);
    await writeFile(path.join(busy, 'thesis.docx'), 'mine');
    await expect(writePracticeProject(busy)).rejects.toThrow(/is not empty/);
    expect(await readdir(busy)).toEqual(['thesis.docx']);
    expect((await readdir(tmp.path)).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('fills an existing empty folder', async () => {
    const empty = path.join(tmp.path, 'empty');
    await mkdir(empty);
    await writePracticeProject(empty);
    expect(await readdir(empty)).toContain('raw');
  }, 60_000);
});
