/**
 * The Compare view as UI tests see it (Chromium and Electron alike): a defaced phantom dataset to
 * open, and the locators and waits every Compare test needs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { writePhantomDataset } from '../fixtures/phantom-dataset.js';
import { runVeil } from './veil-process.js';

/** A file named like an anatomical image that is not NIfTI at all. */
export const BROKEN = 'raw/sub-001/ses-mri01/006-t2_space/00001_broken.nii';

export type Side = 'Original' | 'Defaced';

/**
 * Writes the DCCN phantom dataset plus `BROKEN`, and defaces its T1s with the real `veil deface-all`.
 *
 * @example
 * const app = useServedApp(writeDefacedDataset);
 */
export async function writeDefacedDataset(root: string): Promise<void> {
  await writePhantomDataset(root);
  const broken = path.join(root, ...BROKEN.split('/'));
  await mkdir(path.dirname(broken), { recursive: true });
  await writeFile(broken, 'this is not a NIfTI file');
  const run = await runVeil(['deface-all', root, '--engine', 'native']);
  if (run.code !== 0) throw new Error(`deface-all failed:\n${run.stdout}\n${run.stderr}`);
}

/**
 * One viewer tile (figure) of the Compare view.
 *
 * @example
 * await tile(page, 'Defaced').getAttribute('data-state'); // 'shown'
 */
export function tile(page: Page, side: Side): Locator {
  return page.getByRole('figure', { name: `${side} viewer` });
}

/**
 * The canvas of one viewer.
 *
 * @example
 * await canvasOf(page, 'Original').screenshot();
 */
export function canvasOf(page: Page, side: Side): Locator {
  return tile(page, side).locator('canvas');
}

/**
 * Clicks a multiplanar view at 30 % of its width and height: inside a slice tile of the head, away
 * from the centre where the crosshair starts, whichever way niivue arranged the tiles for the canvas.
 *
 * @example
 * await clickSliceTile(canvasOf(page, 'Original'));
 */
export async function clickSliceTile(canvas: Locator): Promise<void> {
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas is not on screen');
  await canvas.click({ position: { x: 0.3 * box.width, y: 0.3 * box.height } });
}

/**
 * The crosshair readout (world mm) under one viewer.
 *
 * @example
 * await crosshair(page, 'Defaced').innerText(); // '0.5, -17.5, 18.5 mm'
 */
export function crosshair(page: Page, side: Side): Locator {
  return page.locator(`output[aria-label="${side} crosshair"]`);
}

/**
 * Waits until both viewers show their volume and the removed-tissue overlay has arrived (or failed).
 *
 * @example
 * await waitUntilShown(page);
 */
export async function waitUntilShown(page: Page): Promise<void> {
  for (const side of ['Original', 'Defaced'] as const) {
    await expect.poll(() => tile(page, side).getAttribute('data-state'), { timeout: 30_000 }).toBe('shown');
  }
  await expect.poll(() => page.getByTestId('overlay-status').getAttribute('data-state'), { timeout: 30_000 }).not.toBe('loading');
}
