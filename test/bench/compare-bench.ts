/**
 * `npm run bench` (part): how long the Compare view takes from "open pair" to the first frame that
 * shows both volumes, for the 1 mm MNI152 template and its defaced copy (182×218×182), in headless
 * Chromium (software WebGL) against the real `veil serve`. Target on the 2-core build machine: ≤ 1.5 s.
 * The first open also starts the two viewers (WebGL contexts, shaders); later opens reuse them.
 * Skipped, with the reason, without ../shared/data or Chromium.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumMissingReason, openRecordingPage } from '../support/chromium.js';
import { PROJECT_ROOT, requireBuild } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';
import { runVeil, startVeilServe } from '../support/veil-process.js';

const TEMPLATE = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'templates', 'allineate_MNI152_T1_1mm.nii.gz');
const TARGET_SECONDS = 1.5;
const SUBJECTS = ['sub-01', 'sub-02'];
const OPENS = 5;

const skip = !existsSync(TEMPLATE) ? `${TEMPLATE} is absent` : chromiumMissingReason;
if (skip) {
  console.log(`compare: skipped (${skip})`);
} else {
  requireBuild();
  const tmp = await makeTempDir('veil-compare-bench-');
  const root = path.join(tmp.path, 'study');
  try {
    await mkdir(root);
    await writeFile(path.join(root, 'dataset_description.json'), JSON.stringify({ Name: 'compare bench', BIDSVersion: '1.10.0' }));
    for (const subject of SUBJECTS) {
      await mkdir(path.join(root, subject, 'anat'), { recursive: true });
      await copyFile(TEMPLATE, path.join(root, subject, 'anat', `${subject}_T1w.nii.gz`));
    }
    const defaced = await runVeil(['deface-all', root, '--engine', 'native']);
    if (defaced.code !== 0) throw new Error(`deface-all failed:\n${defaced.stderr}`);
    const veil = await startVeilServe([root]);
    const { browser, page } = await openRecordingPage();
    try {
      await page.goto(veil.url);
      await page.locator('tr.image-row').first().waitFor();
      const seconds: number[] = [];
      for (let open = 0; open < OPENS; open++) {
        const subject = SUBJECTS[open % SUBJECTS.length] ?? '';
        await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Dataset' }).click();
        const label = `Compare ${subject}/anat/${subject}_T1w.nii.gz`;
        await page.getByRole('button', { name: label }).waitFor();
        seconds.push(await timeToFirstFrame(page, label));
      }
      const [first, ...rest] = seconds;
      const median = [...rest].sort((a, b) => a - b)[Math.floor(rest.length / 2)] ?? Number.NaN;
      console.log(
        `compare: MNI152 1 mm pair, open → first frame: first open ${first?.toFixed(2)} s (starts the viewers), ` +
          `then median ${median.toFixed(2)} s of ${rest.length} (${rest.map((s) => s.toFixed(2)).join(', ')}); ` +
          `${((first ?? Number.NaN) / TARGET_SECONDS).toFixed(2)} × and ${(median / TARGET_SECONDS).toFixed(2)} × the ${TARGET_SECONDS} s target`,
      );
    } finally {
      await browser.close();
      await veil.stop();
    }
  } finally {
    await tmp.remove();
  }
}

/**
 * Clicks the button labelled `label` and times, in the page, until both viewers show their volume
 * and one more frame is drawn. The page code is a string: tsx would wrap a function's inner names in
 * a helper that does not exist in the page.
 */
async function timeToFirstFrame(page: Page, label: string): Promise<number> {
  const milliseconds = await page.evaluate<number>(`new Promise((resolve) => {
    const button = document.querySelector('button[aria-label=${JSON.stringify(label)}]');
    const started = performance.now();
    button.click();
    const shown = () => Array.from(document.querySelectorAll('figure.viewer-tile')).every((tile) => tile.getAttribute('data-state') === 'shown');
    const check = () => (shown() ? requestAnimationFrame(() => resolve(performance.now() - started)) : requestAnimationFrame(check));
    // The click's own render may still show the previous pair as shown: look from the next frame on.
    requestAnimationFrame(() => requestAnimationFrame(check));
  })`);
  return milliseconds / 1000;
}
