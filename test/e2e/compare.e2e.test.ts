/**
 * The Compare view in Chromium against the real `veil serve`, on a DCCN phantom dataset defaced by
 * the real `veil deface-all`: both volumes arrive through the API, the views are linked, the 3D face
 * views differ where the face was and match on top of the head, verdicts recorded with the keyboard
 * reach `.veil/reviews.json` and the Dataset tab, pictures are exported, and a volume that cannot be
 * read shows its error in place.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHANTOM_DATASET, writePhantomDataset } from '../fixtures/phantom-dataset.js';
import { appProblems, chromiumMissingReason } from '../support/chromium.js';
import { BROKEN, canvasOf, clickSliceTile, crosshair, tile, waitUntilShown, writeDefacedDataset } from '../support/compare-page.js';
import { AFTER_LOAD, useServedApp } from '../support/served-app.js';

const [FIRST_T1, SECOND_T1] = PHANTOM_DATASET.t1s;

/** Where the face is in a 3D face view, in fractions of the head's bounding box. */
const FACE_BOX = { top: 0.45, bottom: 0.85, left: 0.3, right: 0.7 };
/** The top of the head, which defacing leaves alone. */
const TOP_BOX = { top: 0, bottom: 0.2, left: 0.25, right: 0.75 };

/**
 * Mean absolute grey difference of two same-sized screenshots over a box given in fractions of the
 * head's bounding box (found in the first image: pixels brighter than the black background).
 */
async function regionDifference(page: Page, a: Buffer, b: Buffer, box: { top: number; bottom: number; left: number; right: number }): Promise<number> {
  return page.evaluate(
    async ({ a, b, box }) => {
      const pixels = async (base64: string) => {
        // An <img> may load a data: URL under Veil's CSP (img-src data:); fetch may not (connect-src 'self').
        const bitmap = new Image();
        bitmap.src = `data:image/png;base64,${base64}`;
        await bitmap.decode();
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2D context');
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [first, second] = await Promise.all([pixels(a), pixels(b)]);
      const grey = (image: ImageData, x: number, y: number) => {
        const i = 4 * (y * image.width + x);
        return ((image.data[i] ?? 0) + (image.data[i + 1] ?? 0) + (image.data[i + 2] ?? 0)) / 3;
      };
      let [minX, minY, maxX, maxY] = [first.width, first.height, -1, -1];
      for (let y = 0; y < first.height; y++) {
        for (let x = 0; x < first.width; x++) {
          if (grey(first, x, y) > 40) [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
        }
      }
      if (maxX < 0) throw new Error('the first render is black');
      const x0 = Math.round(minX + box.left * (maxX - minX));
      const x1 = Math.round(minX + box.right * (maxX - minX));
      const y0 = Math.round(minY + box.top * (maxY - minY));
      const y1 = Math.round(minY + box.bottom * (maxY - minY));
      let sum = 0;
      let count = 0;
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          sum += Math.abs(grey(first, x, y) - grey(second, x, y));
          count++;
        }
      }
      return sum / count;
    },
    { a: a.toString('base64'), b: b.toString('base64'), box },
  );
}

describe.skipIf(chromiumMissingReason !== null)('the Compare view, in Chromium', () => {
  const app = useServedApp(writeDefacedDataset);
  /** Where the first pair's pictures for the report are kept. */
  const snapshotFolder = () => path.join(app.tmp, 'study', '.veil', 'snapshots', FIRST_T1.split('/').join('__'));

  it('opens a T1 and its defaced output from the Dataset tab, with the self-check beside them', async () => {
    await app.page.goto(app.veil.url);
    // The viewers start while the app is idle, before the Compare area is ever opened.
    await expect.poll(() => app.page.locator('.viewer-row').getAttribute('data-viewers'), { timeout: 20_000 }).toBe('ready');
    expect(await app.page.getByRole('region', { name: 'Compare' }).isHidden()).toBe(true);
    await app.page.getByRole('button', { name: `Compare ${FIRST_T1}` }).click();
    await waitUntilShown(app.page);
    expect(await tile(app.page, 'Original').innerText()).toContain(FIRST_T1);
    expect(await tile(app.page, 'Defaced').innerText()).toContain('derivatives/veil/');
    // warn: on these 3 mm phantoms the face detector finds no face on the original either (best
    // score 0.3), so the recognizability check proves nothing and says so.
    expect(await app.page.getByTestId('self-check-verdict').innerText()).toBe('warn');
    expect(await app.page.getByTestId('brain-voxels-changed').innerText()).toBe('0');
    // The recognizability check beside it: five views, no face on the defaced renders.
    expect(await app.page.getByTestId('face-detection').locator('tbody tr').count()).toBe(5);
    expect(await app.page.getByTestId('face-detection-defaced-front').innerText()).not.toContain('face');
    expect(appProblems(app.problems)).toEqual([]);
  });

  it('moves the defaced view’s crosshair when the original view is clicked', async () => {
    const before = await crosshair(app.page, 'Defaced').innerText();
    expect(before).toMatch(/mm$/);
    await clickSliceTile(canvasOf(app.page, 'Original'));
    await expect.poll(() => crosshair(app.page, 'Defaced').innerText()).not.toBe(before);
    expect(await crosshair(app.page, 'Defaced').innerText()).toBe(await crosshair(app.page, 'Original').innerText());
    expect(appProblems(app.problems)).toEqual([]);
  });

  // niivue links only from the focused canvas; it focuses the one scrolled (0.69), which this guards across upgrades.
  it('moves both views when the wheel scrolls one that has no focus', async () => {
    // The previous click focused the original's canvas: take the focus away from both.
    await app.page.locator('body').click({ position: { x: 1, y: 1 } });
    const before = await crosshair(app.page, 'Original').innerText();
    const box = await canvasOf(app.page, 'Defaced').boundingBox();
    if (!box) throw new Error('the defaced canvas is not on screen');
    await app.page.mouse.move(box.x + 0.3 * box.width, box.y + 0.3 * box.height);
    await app.page.mouse.wheel(0, 300);
    await expect.poll(() => crosshair(app.page, 'Original').innerText()).not.toBe(before);
    expect(await crosshair(app.page, 'Original').innerText()).toBe(await crosshair(app.page, 'Defaced').innerText());
    expect(appProblems(app.problems)).toEqual([]);
  });

  it('renders 3D face views that differ in the face and match on top of the head', async () => {
    await app.page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: '3D only' }).click();
    await app.page.getByRole('group', { name: '3D view' }).getByRole('button', { name: 'Face' }).click();
    await app.page.getByLabel('Removed tissue').uncheck();
    await app.page.waitForTimeout(500); // a few frames for both software-rendered canvases
    const [original, defaced] = [await canvasOf(app.page, 'Original').screenshot(), await canvasOf(app.page, 'Defaced').screenshot()];
    const top = await regionDifference(app.page, original, defaced, TOP_BOX);
    const face = await regionDifference(app.page, original, defaced, FACE_BOX);
    expect(top).toBeLessThan(3);
    expect(face).toBeGreaterThan(20);
    expect(appProblems(app.problems)).toEqual([]);
  });

  it('lays the original over the defaced view to blend and flicker them, with CSS alone, and stops', async () => {
    const [originalCanvas, defacedCanvas] = [canvasOf(app.page, 'Original'), canvasOf(app.page, 'Defaced')];
    const boxes = async () => [JSON.stringify(await originalCanvas.boundingBox()), JSON.stringify(await defacedCanvas.boundingBox())];
    const sideBySide = await boxes();
    expect(sideBySide[0]).not.toBe(sideBySide[1]);
    const blend = app.page.getByLabel('Blend original');
    await blend.fill('1');
    // One box for both canvases: same size and position, so the linked views coincide pixel for pixel.
    await expect.poll(boxes).toSatisfy(([original, defaced]: string[]) => original === defaced);
    const region = await defacedCanvas.boundingBox();
    if (!region) throw new Error('the defaced canvas is not on screen');
    // The top canvas takes the pointer; the link mirrors what it does on the defaced viewer.
    const underPointer = await app.page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('figure')?.getAttribute('aria-label'), {
      x: region.x + region.width / 2,
      y: region.y + region.height / 2,
    });
    expect(underPointer).toBe('Original viewer');
    const view = () => app.page.screenshot({ clip: region });
    await app.page.waitForTimeout(500); // both viewers redraw at their new size
    const original = await view();
    const faceDifference = async (shot?: Buffer) => regionDifference(app.page, original, shot ?? (await view()), FACE_BOX);

    // niivue paints the canvas's box black: the box is what fades.
    await blend.fill('0.3');
    expect(await originalCanvas.evaluate((canvas) => canvas.parentElement && getComputedStyle(canvas.parentElement).opacity)).toBe('0.3');

    // Flickering, the view shows the original's face (no difference) and the defaced one (a large one)
    // in turn, and the defaced view matches the original on top of the head: the two coincide.
    await app.page.getByLabel('Flicker').check();
    const seen = { least: Infinity, most: 0, topWhenDefaced: Infinity };
    const alternation = async () => {
      const shot = await view();
      const difference = await faceDifference(shot);
      if (difference > 20) seen.topWhenDefaced = await regionDifference(app.page, original, shot, TOP_BOX);
      [seen.least, seen.most] = [Math.min(seen.least, difference), Math.max(seen.most, difference)];
      return seen.least < 2 && seen.most > 20;
    };
    await expect.poll(alternation, { timeout: 20_000, interval: 100 }).toBe(true);
    expect(seen.topWhenDefaced).toBeLessThan(3);

    // Stopped at a blend of 1: the original's face stays, over more than two flicker periods.
    await app.page.getByLabel('Flicker').uncheck();
    await blend.fill('1');
    for (let sample = 0; sample < 3; sample++) {
      await app.page.waitForTimeout(400);
      expect(await faceDifference()).toBeLessThan(2);
    }
    await blend.fill('0');
    await expect.poll(boxes).toEqual(sideBySide);
    expect(appProblems(app.problems)).toEqual([]);
  }, 90_000);

  it('shows the face-detection renders of the pair on request', async () => {
    const panel = app.page.getByRole('region', { name: 'Face detection renders' });
    await panel.getByRole('button', { name: 'Show the face-detection renders' }).click();
    const picture = panel.getByRole('img');
    await expect.poll(() => picture.evaluate((image) => (image as HTMLImageElement).naturalWidth), { timeout: 90_000 }).toBeGreaterThan(0);
    // Five views, one row each, two renders per row: taller than wide.
    const size = await picture.evaluate((image) => [(image as HTMLImageElement).naturalWidth, (image as HTMLImageElement).naturalHeight]);
    expect(size[1]).toBeGreaterThan(size[0] ?? 0);
    // Kept for the report: a PNG of the size shown (its header's width and height).
    const kept = await readFile(path.join(snapshotFolder(), 'face-detection.png'));
    expect(kept.subarray(1, 4).toString()).toBe('PNG');
    expect([kept.readUInt32BE(16), kept.readUInt32BE(20)]).toEqual(size);
    expect(appProblems(app.problems)).toEqual([]);
  }, 120_000);

  it('exports the face and mid-sagittal pictures, before and after, and the face-detection renders into .veil/snapshots', async () => {
    const folder = snapshotFolder();
    await rm(path.join(folder, 'face-detection.png'));
    await app.page.getByRole('button', { name: 'Export pictures for the report' }).click();
    await expect.poll(() => app.page.getByTestId('export-status').innerText(), { timeout: 90_000 }).toMatch(/^Saved 5 pictures/);
    expect((await readdir(folder)).sort()).toEqual(['face-3d-defaced.png', 'face-3d-original.png', 'face-detection.png', 'mid-sagittal-defaced.png', 'mid-sagittal-original.png']);
    const [faceOriginal, faceDefaced] = await Promise.all([readFile(path.join(folder, 'face-3d-original.png')), readFile(path.join(folder, 'face-3d-defaced.png'))]);
    expect(faceOriginal.subarray(1, 4).toString()).toBe('PNG');
    expect(faceOriginal.equals(faceDefaced)).toBe(false);
    expect(appProblems(app.problems)).toEqual([]);
  });

  it('records verdicts with p and a, steps with n reusing both viewers (previews first, then the files), and the Dataset tab shows them', async () => {
    // Marks the two canvases: a viewer re-created for the next image would come with an unmarked canvas (and a new WebGL context).
    await app.page.locator('canvas').evaluateAll((canvases) => canvases.forEach((canvas) => canvas.setAttribute('data-test-mark', 'first')));
    await app.page.locator('body').press('p');
    await expect.poll(() => app.page.getByTestId('review-status').innerText()).toMatch(/^pass/);
    // What the viewers show, each time it changes: the previews first, then the files.
    await app.page.locator('.viewer-row').evaluate((row) => {
      const seen: string[] = [];
      new MutationObserver(() => seen.push(row.getAttribute('data-detail') ?? 'nothing')).observe(row, { attributeFilter: ['data-detail'] });
      Object.assign(window, { detailsSeen: seen });
    });
    await app.page.locator('body').press('n');
    await expect.poll(() => tile(app.page, 'Original').innerText()).toContain(SECOND_T1);
    await waitUntilShown(app.page);
    expect(await app.page.evaluate(() => (window as unknown as { detailsSeen: string[] }).detailsSeen)).toEqual(['nothing', 'preview', 'full']);
    expect(await app.page.locator('canvas').evaluateAll((canvases) => canvases.map((canvas) => canvas.getAttribute('data-test-mark')))).toEqual(['first', 'first']);
    expect(await app.page.getByTestId('review-status').innerText()).toBe('Not reviewed yet.');
    await app.page.getByLabel('Note').fill('Chin cut close to the lips; check.');
    await app.page.getByLabel('Note').press('Tab'); // leave the field: shortcuts are off while typing
    await app.page.locator('body').press('a');
    await expect.poll(() => app.page.getByTestId('review-status').innerText()).toMatch(/^attention.*Chin cut close/s);

    const stored = JSON.parse(await readFile(path.join(app.tmp, 'study', '.veil', 'reviews.json'), 'utf8')) as { reviews: Record<string, { verdict: string; note: string }> };
    expect(stored.reviews[FIRST_T1]?.verdict).toBe('pass');
    expect(stored.reviews[SECOND_T1]).toMatchObject({ verdict: 'attention', note: 'Chin cut close to the lips; check.' });

    // A fresh page reads the verdicts back from the scan, not from what this page remembers.
    await app.page.goto(app.veil.url);
    const row = (relative: string) => app.page.locator(`tr.image-row[data-path="${relative}"]`);
    await expect.poll(() => row(FIRST_T1).innerText(), AFTER_LOAD).toMatch(/defaced\s+Compare\s+pass/);
    expect(await row(SECOND_T1).innerText()).toMatch(/defaced\s+Compare\s+attention/);
    expect(appProblems(app.problems)).toEqual([]);
  });

  it('shows a volume that cannot be read as an error in place, next to one that loads', async () => {
    await app.page.getByRole('button', { name: 'Compare' }).first().click();
    await app.page.getByText('Any two images…').click();
    await app.page.getByLabel('Left').selectOption(BROKEN);
    await app.page.getByLabel('Right').selectOption(SECOND_T1);
    await app.page.getByRole('button', { name: 'Show these two' }).click();
    await expect.poll(() => tile(app.page, 'Original').getAttribute('data-state'), { timeout: 30_000 }).toBe('error');
    expect(await tile(app.page, 'Original').getByRole('alert').innerText()).toMatch(/^Original: /);
    await expect.poll(() => tile(app.page, 'Defaced').getAttribute('data-state')).toBe('shown');
    expect(await app.page.getByTestId('review-status').innerText()).toBe('Only a Veil output with its self-check can be reviewed.');
    // Nothing to export: the failed side's viewer holds nothing (not the last pair's image).
    await expect.poll(() => app.page.locator('.viewer-row').getAttribute('data-detail')).toBe('full');
    expect(await app.page.getByRole('button', { name: 'Export pictures for the report' }).isDisabled()).toBe(true);
    expect(appProblems(app.problems)).toEqual([]);
  });
});

describe.skipIf(chromiumMissingReason !== null)('an image given to `veil serve`, in Chromium', () => {
  // As a double-clicked .nii in the desktop app: the image's dataset opens, then the image in Compare.
  const app = useServedApp(writeDefacedDataset, { serveTarget: (study) => path.join(study, ...SECOND_T1.split('/')) });

  it('opens the dataset it belongs to and shows the image beside its defaced output', async () => {
    await app.page.goto(app.veil.url);
    await waitUntilShown(app.page);
    expect(await tile(app.page, 'Original').innerText()).toContain(SECOND_T1);
    expect(await tile(app.page, 'Defaced').innerText()).toContain('derivatives/veil/');
    await app.page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Dataset' }).click();
    await expect.poll(() => app.page.locator('tr.image-row').count()).toBeGreaterThan(1);
    expect(appProblems(app.problems)).toEqual([]);
  });
});

describe.skipIf(chromiumMissingReason !== null)('the Compare view without WebGL2, in Chromium', () => {
  const app = useServedApp(writePhantomDataset, { chromiumArgs: ['--disable-3d-apis'] });

  it('says so legibly instead of showing blank canvases', async () => {
    await app.page.goto(app.veil.url);
    await app.page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Compare' }).click();
    const alert = app.page.getByRole('region', { name: 'Compare' }).getByRole('alert');
    await alert.waitFor(AFTER_LOAD);
    expect(await alert.innerText()).toMatch(/cannot create a WebGL2 context/);
    expect(await app.page.locator('.viewer-row').isHidden()).toBe(true);
    expect(appProblems(app.problems)).toEqual([]);
  });
});
