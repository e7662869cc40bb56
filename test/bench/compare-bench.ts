/**
 * `npm run bench` (part): how long the Compare view takes from "open pair" to the first frame that
 * shows both volumes, for the 1 mm MNI152 template and its defaced copy (182×218×182), in headless
 * Chromium (software WebGL) against the real `veil serve`. Target on the 2-core build machine: ≤ 1.5 s.
 * That first frame is drawn from the 2 mm previews (`volumes.preview`); the bench also prints when
 * the 1 mm files and the removed-tissue overlay have replaced them, in the same run.
 * The viewers start (WebGL contexts, shaders, a warm-up draw) when the page is first idle; the first
 * open is printed on its own, to show that it pays for nothing the later ones do not. The bench then
 * flickers the pair and times the page's frames.
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
/** How long the flicker is watched, after SETTLE_SECONDS in which the viewers take their overlaid layout: ten 500 ms periods. */
const SETTLE_SECONDS = 2;
const FLICKER_SECONDS = 5;

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
      const loading = performance.now();
      await page.goto(veil.url);
      await page.locator('tr.image-row').first().waitFor();
      const shownAfter = (performance.now() - loading) / 1000;
      // The viewers start once the app has shown its dataset (use-viewer-pair.ts); a person takes longer to click.
      await page.locator('.viewer-row[data-viewers="ready"]').waitFor({ state: 'attached', timeout: 60_000 });
      console.log(`compare: dataset shown ${shownAfter.toFixed(2)} s after the page load began, viewers ready ${((performance.now() - loading) / 1000).toFixed(2)} s after it`);
      const opens: Timings[] = [];
      for (let open = 0; open < OPENS; open++) {
        const subject = SUBJECTS[open % SUBJECTS.length] ?? '';
        await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Dataset' }).click();
        const label = `Compare ${subject}/anat/${subject}_T1w.nii.gz`;
        await page.getByRole('button', { name: label }).waitFor();
        opens.push(await timeOpen(page, label));
      }
      const [first, ...rest] = opens;
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
      const firstFrame = median(rest.map((open) => open.firstFrame));
      const seconds = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');
      console.log(
        `compare: MNI152 1 mm pair, open → first frame (both sides drawn from their 2 mm previews): ` +
          `first open ${first?.firstFrame.toFixed(2)} s, then median ${firstFrame.toFixed(2)} s of ${rest.length} ` +
          `(${seconds(rest.map((open) => open.firstFrame))}); ${((first?.firstFrame ?? Number.NaN) / TARGET_SECONDS).toFixed(2)} × and ` +
          `${(firstFrame / TARGET_SECONDS).toFixed(2)} × the ${TARGET_SECONDS} s target. ` +
          `Open → the 1 mm files with the removed-tissue overlay: first open ${first?.full.toFixed(2)} s, then median ` +
          `${median(rest.map((open) => open.full)).toFixed(2)} s (${seconds(rest.map((open) => open.full))})`,
      );
      const flicker = await timeFlicker(page);
      console.log(
        `compare: flicker on the 1 mm pair: longest frame ${flicker.settling.toFixed(2)} s in the first ${SETTLE_SECONDS} s ` +
          `(the view switches to the overlaid layout), then ${flicker.longestFrame.toFixed(3)} s over the next ${FLICKER_SECONDS} s ` +
          `(what a toggle holds the page), ${flicker.slowFrames} of ${flicker.frames} frames over 0.1 s`,
      );
    } finally {
      await browser.close();
      await veil.stop();
    }
  } finally {
    await tmp.remove();
  }
}

interface Timings {
  /** Seconds to the first frame that shows both sides (their previews). */
  firstFrame: number;
  /** Seconds until the files themselves and the removed-tissue overlay are shown. */
  full: number;
}

/**
 * Clicks the button labelled `label` and times, in the page, the animation frame in which both
 * viewers first show their image (the frame painted right after that callback), then the one in
 * which the files have replaced the previews. The page code is a string: tsx would wrap a
 * function's inner names in a helper that does not exist in the page.
 */
async function timeOpen(page: Page, label: string): Promise<Timings> {
  const [firstFrame, full] = await page.evaluate<[number, number]>(`new Promise((resolve) => {
    const button = document.querySelector('button[aria-label=${JSON.stringify(label)}]');
    const started = performance.now();
    button.click();
    const tiles = () => Array.from(document.querySelectorAll('figure.viewer-tile'));
    const shown = () => tiles().every((tile) => tile.getAttribute('data-state') === 'shown');
    const full = () => shown() && document.querySelector('.viewer-row')?.getAttribute('data-detail') === 'full';
    let firstFrame = null;
    const check = () => {
      if (firstFrame === null && shown()) firstFrame = performance.now() - started;
      if (full()) resolve([firstFrame, performance.now() - started]);
      else requestAnimationFrame(check);
    };
    // The click's own render may still show the previous pair as shown: look from the next frame on.
    requestAnimationFrame(() => requestAnimationFrame(check));
  })`);
  return { firstFrame: firstFrame / 1000, full: full / 1000 };
}

interface FlickerTimings {
  /** Seconds of the longest gap between two animation frames in the first SETTLE_SECONDS (the layout changes then). */
  settling: number;
  /** Seconds of the longest gap between two frames after that: what a toggle costs. */
  longestFrame: number;
  /** Frames after the settling time that came more than 0.1 s after the one before. */
  slowFrames: number;
  frames: number;
}

/**
 * Turns the flicker on and watches the page's animation frames for SETTLE_SECONDS + FLICKER_SECONDS:
 * a toggle that blocks the page shows as a long gap between two frames. Turns it off again.
 */
async function timeFlicker(page: Page): Promise<FlickerTimings> {
  // The frames are watched from before the click (the evaluation runs on while Playwright clicks).
  const watching = page.evaluate<number[]>(`new Promise((resolve) => {
    const frames = [];
    const frame = (now) => {
      frames.push(now);
      if (frames.length === 1 || now - frames[0] < ${(SETTLE_SECONDS + FLICKER_SECONDS) * 1000}) requestAnimationFrame(frame);
      else resolve(frames);
    };
    requestAnimationFrame(frame);
  })`);
  await page.getByLabel('Flicker').check();
  const frames = await watching;
  await page.getByLabel('Flicker').uncheck();
  const started = frames[0] ?? 0;
  const gaps = frames.slice(1).map((time, index) => ({ time, gap: time - (frames[index] ?? time) }));
  const settled = gaps.filter(({ time }) => time - started > SETTLE_SECONDS * 1000).map(({ gap }) => gap);
  const settling = gaps.filter(({ time }) => time - started <= SETTLE_SECONDS * 1000).map(({ gap }) => gap);
  return {
    settling: Math.max(...settling) / 1000,
    longestFrame: Math.max(...settled) / 1000,
    slowFrames: settled.filter((gap) => gap > 100).length,
    frames: settled.length,
  };
}
