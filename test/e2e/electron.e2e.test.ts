/**
 * The desktop shell under Playwright's Electron driver. Runs only where an Electron binary exists
 * (none can be downloaded on the build machines): otherwise it is skipped with the reason printed.
 */
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateElectronBinary } from '../../src/cli/electron-binary.js';
import { writeDccnFixture } from '../fixtures/dataset-tree.js';
import { PHANTOM_DATASET } from '../fixtures/phantom-dataset.js';
import { PROJECT_ROOT, requireBuild } from '../support/built-app.js';
import { canvasOf, clickSliceTile, crosshair, waitUntilShown, writeDefacedDataset } from '../support/compare-page.js';
import { makeTempDir } from '../support/temp-dir.js';

const binary = locateElectronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const skipReason = !binary.available ? binary.reason : !hasDisplay ? 'no display (run under xvfb-run)' : null;
if (skipReason) console.warn(`Skipping Electron tests: ${skipReason}`);

describe.skipIf(skipReason !== null)('Veil in Electron', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    requireBuild();
    tmp = await makeTempDir();
    await writeDccnFixture(path.join(tmp.path, 'study'));
    app = await electron.launch({
      executablePath: binary.available ? binary.path : '',
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), PROJECT_ROOT, path.join(tmp.path, 'study')],
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
    await tmp?.remove();
  });

  it('serves the renderer from veil://app, not file://', async () => {
    expect(page.url()).toBe('veil://app/index.html');
  });

  it('gives the page no Node and only the veil bridge', async () => {
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { veil?: object }).veil ?? {}).sort(),
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'onEvent', 'readBytes', 'writeBytes'] });
  });

  it('answers the contract over IPC and shows the dataset given on the command line', async () => {
    const info = await page.evaluate(() => (globalThis as unknown as { veil: { invoke(r: unknown): Promise<unknown> } }).veil.invoke({ method: 'app.info', params: {} }));
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron', capabilities: { nativeDirectoryPicker: true, typedPaths: false } } });
    await expect.poll(() => page.locator('tr.image-row').count()).toBe(3);
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Files' }).click();
    await expect.poll(() => page.locator('table.file-list').innerText()).toContain('raw/');
  });

  it('refuses to open windows or navigate away', async () => {
    await page.evaluate(() => {
      const web = globalThis as unknown as { open(url: string): unknown; location: { href: string } };
      web.open('https://example.com');
      web.location.href = 'https://example.com';
    });
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe('veil://app/index.html');
  });
});

describe.skipIf(skipReason !== null)('the Compare view in Electron', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: ElectronApplication;
  let page: Page;
  const [firstT1] = PHANTOM_DATASET.t1s;

  beforeAll(async () => {
    requireBuild();
    tmp = await makeTempDir();
    await writeDefacedDataset(path.join(tmp.path, 'study'));
    app = await electron.launch({
      executablePath: binary.available ? binary.path : '',
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), PROJECT_ROOT, path.join(tmp.path, 'study')],
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
    await tmp?.remove();
  });

  it('loads both volumes over IPC as bytes, links the views, and stores a verdict typed with p', async () => {
    await page.getByRole('button', { name: `Compare ${firstT1}` }).click();
    await waitUntilShown(page);
    const before = await crosshair(page, 'Defaced').innerText();
    await clickSliceTile(canvasOf(page, 'Original'));
    await expect.poll(() => crosshair(page, 'Defaced').innerText()).not.toBe(before);
    expect(await crosshair(page, 'Defaced').innerText()).toBe(await crosshair(page, 'Original').innerText());
    await page.locator('body').press('p');
    await expect.poll(() => page.getByTestId('review-status').innerText()).toMatch(/^pass/);
    const stored = JSON.parse(await readFile(path.join(tmp.path, 'study', '.veil', 'reviews.json'), 'utf8')) as { reviews: Record<string, { verdict: string }> };
    expect(stored.reviews[firstT1]?.verdict).toBe('pass');
  });
});
