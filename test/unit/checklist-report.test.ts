/** The anonymization report: everything escaped, self-contained, and showing the checklist, key record, k-anonymity, pictures and gate. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SelfCheckSchema, type Recognizability, type SelfCheck } from '../../src/api/deface.js';
import { disposeKeyFile, markKeyFile } from '../../src/checklist/items/key-disposal.js';
import { justifyColumn } from '../../src/checklist/items/minimization.js';
import { escapeHtml, html } from '../../src/checklist/report/html.js';
import { buildReport } from '../../src/checklist/report/report-data.js';
import { renderReportHtml } from '../../src/checklist/report/report-html.js';
import { writeReport } from '../../src/checklist/report/write-report.js';
import { stagePublicationCopy } from '../../src/checklist/stage/stage-copy.js';
import { encodeGrayPng } from '../../src/image/png.js';
import { PLANTED, writeFiles, writePlantedDataset } from '../fixtures/checklist-fixtures.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('html escaping', () => {
  it('escapes every interpolated value unless it is markup made by the tag', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"onload="x'}">${inner}${['<', null, false, 3]}</p>`.text).toBe('<p title="&quot;onload=&quot;x"><b>&lt;i&gt;</b>&lt;3</p>');
  });
});

describe('the report', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let root: string;
  beforeEach(async () => {
    tmp = await makeTempDir();
    root = path.join(tmp.path, 'study');
    await writePlantedDataset(root);
  });
  afterEach(() => tmp.remove());

  it('shows the checklist, the key record, k-anonymity, the QC pictures and the gate, in one page without scripts', async () => {
    const picture = encodeGrayPng({ width: 2, height: 2, pixels: new Uint8Array([0, 255, 255, 0]) });
    await writeFiles(root, { 'qc/sub-01_ses-20210304_T1w_front.png': picture, 'qc/sub-01_left.png': 'not a png', '.veil/snapshots/sub-01_ses-20210304_T1w_face.png': picture });
    await markKeyFile(root, PLANTED.key);
    await disposeKeyFile(root, 'koppeltabel.csv');
    await justifyColumn(root, 'age', '<script>alert("age")</script> covariate');
    await stagePublicationCopy(root, path.join(tmp.path, 'publication'));
    const data = await buildReport(root);
    expect(data.pictures.map((entry) => [entry.file, entry.image])).toEqual([
      ['qc/sub-01_ses-20210304_T1w_front.png', PLANTED.defacedT1],
      ['.veil/snapshots/sub-01_ses-20210304_T1w_face.png', PLANTED.defacedT1],
    ]);
    const page = renderReportHtml(data);
    expect(page).toContain("Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\"");
    expect(page).not.toMatch(/<script|src="http|href="http/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;age&quot;)&lt;/script&gt; covariate');
    expect(page).toContain(`src="data:image/png;base64,${picture.toString('base64')}"`);
    expect(page).toContain('Gate: <strong>NOT PASSED</strong>');
    expect(page).toContain(data.key?.status === 'disposed' ? data.key.sha256 : 'missing sha256');
    expect(page).toContain('copies: e-mail attachments');
    expect(page).toContain('k-anonymity of <span class="path">participants.tsv</span>');
    expect(page).toContain('Data protection officer (name, date, signature)');
  });

  it('shows what the face detector found on each defaced T1, and the renders kept from the Compare view', async () => {
    const sidecar = path.join(root, ...PLANTED.defacedOutput.replace(/\.nii\.gz$/, '.veil.json').split('/'));
    const selfCheck = JSON.parse(await readFile(sidecar, 'utf8')) as SelfCheck;
    const detection = (bestScore: number) => ({ bestScore, faces: [] });
    const recognizability: Recognizability = {
      model: { name: 'face-api', scoreThreshold: 0.5, identityThreshold: 0.6 },
      render: { pixelMm: 1, sizeMm: 256 },
      views: [{ name: 'front', yawDegrees: 0, original: { bestScore: 0.87, faces: [] }, defaced: detection(0.13), identityDistance: null }],
      faceFoundOriginal: true,
      faceFoundDefaced: false,
      maxScoreDefaced: 0.13,
      sameIdentity: false,
      timeMs: 1100,
    };
    await writeFile(sidecar, JSON.stringify(SelfCheckSchema.parse({ ...selfCheck, recognizability })));
    const sheet = encodeGrayPng({ width: 2, height: 2, pixels: new Uint8Array([9, 9, 9, 9]) });
    const kept = `.veil/snapshots/${PLANTED.defacedT1.split('/').join('__')}/face-detection.png`;
    await writeFiles(root, { [kept]: sheet });

    const data = await buildReport(root);
    expect(data.defacing.find((row) => row.image === PLANTED.defacedT1)?.faces).toEqual({ faceFoundOriginal: true, faceFoundDefaced: false, maxScoreDefaced: 0.13, threshold: 0.5, sameIdentity: false });
    expect(data.pictures.find((entry) => entry.file === kept)?.image).toBe(PLANTED.defacedT1);
    const page = renderReportHtml(data);
    expect(page).toContain('no face on the defaced image (best 0.13, a face at 0.5); a face found on the original');
    expect(page).toContain(`${PLANTED.defacedT1}: face-detection.png`);
    expect(page).toContain(`src="data:image/png;base64,${sheet.toString('base64')}"`);
  });

  it('escapes hostile file names taken from the dataset', async () => {
    await writeFiles(root, { 'admin/<img src=x onerror=alert(1)>key.csv': 'pp,naam\nsub-01,Jan de Vries\n' });
    const page = renderReportHtml(await buildReport(root));
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;key.csv');
    expect(page).not.toContain('<img src=x');
  });

  it('writes HTML and JSON beside it, but never into the publication copy', async () => {
    const out = path.join(tmp.path, 'publication');
    await stagePublicationCopy(root, out);
    await expect(writeReport(root, path.join(out, 'report.html'))).rejects.toThrow(/inside the publication copy/);
    const written = await writeReport(root, path.join(tmp.path, 'report.html'));
    expect(written.json).toBe(path.join(tmp.path, 'report.json'));
    const json = JSON.parse(await readFile(written.json, 'utf8')) as { schema: string; stage: { gate: { passed: boolean } } };
    expect(json).toMatchObject({ schema: 'veil.report/1', stage: { gate: { passed: false } } });
  });
});
