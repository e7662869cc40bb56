import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { requireBuild } from './built-app.js';
import { openRecordingPage } from './chromium.js';
import { makeTempDir } from './temp-dir.js';
import { startVeilServe, type ServingVeil } from './veil-process.js';

/**
 * How long a test waits for what a page shows after it (re)loads: the app's first scan and render,
 * while the viewers warm up in the same page and other test files share the 2 cores. Not a speed
 * target (the benches hold those); expect.poll's default second failed on a loaded CI machine.
 *
 * @example
 * await expect.poll(() => page.locator('tr.image-row').count(), AFTER_LOAD).toBe(3);
 */
export const AFTER_LOAD = { timeout: 15_000 };

export interface ServedApp {
  /** The temporary folder; the dataset is its `study/` subfolder. */
  tmp: string;
  veil: ServingVeil;
  browser: Browser;
  page: Page;
  /** Console errors and warnings and page errors seen so far. */
  problems: string[];
}

export interface ServedAppOptions {
  /** What `veil serve` is given, from the dataset folder (e.g. one of its images); the folder itself by default. */
  serveTarget?: (folder: string) => string;
  /** Extra Chromium flags, e.g. `--disable-3d-apis` to test a browser without WebGL. */
  chromiumArgs?: readonly string[];
}

/**
 * Inside a `describe`: before its tests, writes a dataset with `writeDataset(folder)`, starts the real
 * `veil serve` on it and opens Chromium; after them, closes and removes everything. The set-up runs in
 * a hook, under the hook's longer timeout, so that a slow start on a loaded machine is not charged to
 * the first test.
 *
 * @example
 * const app = useServedApp(writeDccnFixture);
 * it('loads', async () => { await app.page.goto(app.veil.url); expect(app.problems).toEqual([]); });
 */
export function useServedApp(writeDataset: (folder: string) => Promise<void>, options: ServedAppOptions = {}): ServedApp {
  const { serveTarget = (folder: string) => folder, chromiumArgs = [] } = options;
  const app = {} as ServedApp;
  let remove: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    requireBuild();
    const tmp = await makeTempDir();
    remove = tmp.remove;
    app.tmp = tmp.path;
    await writeDataset(path.join(tmp.path, 'study'));
    app.veil = await startVeilServe([serveTarget(path.join(tmp.path, 'study'))]);
    Object.assign(app, await openRecordingPage(chromiumArgs));
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.veil?.stop();
    await remove?.();
  });
  return app;
}
