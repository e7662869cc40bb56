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
import { canvasOf, clickSliceTile, crosshair, tile, waitUntilShown, writeDefacedDataset } from '../support/compare-page.js';
import { makeTempDir } from '../support/temp-dir.js';

const binary = locateElectronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const skipReason = !binary.available ? binary.reason : !hasDisplay ? 'no display (run under xvfb-run)' : null;
if (skipReason) console.warn(`Skipping Electron tests: ${skipReason}`);

interface LaunchedApp {
  /** The temporary folder; the dataset is its `study/` subfolder. */
  tmp: string;
  app: ElectronApplication;
  page: Page;
}

/**
 * Inside a `describe`: writes a dataset with `writeDataset(folder)`, starts Veil in Electron on it (or
 * on what `target(folder)` names, e.g. one of its images) and waits for its window; closes and removes
 * everything afterwards.
 */
function useElectronApp(writeDataset: (folder: string) => Promise<void>, target = (folder: string) => folder): LaunchedApp {
  const launched = {} as LaunchedApp;
  let remove: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    requireBuild();
    const tmp = await makeTempDir();
    remove = tmp.remove;
    launched.tmp = tmp.path;
    await writeDataset(path.join(tmp.path, 'study'));
    launched.app = await electron.launch({
      executablePath: binary.available ? binary.path : '',
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), PROJECT_ROOT, target(path.join(tmp.path, 'study'))],
    });
    launched.page = await launched.app.firstWindow();
  });
  afterAll(async () => {
    await launched.app?.close();
    await remove?.();
  });
  return launched;
}

describe.skipIf(skipReason !== null)('Veil in Electron', () => {
  const launched = useElectronApp(writeDccnFixture);

  it('serves the renderer from veil://app, not file://', async () => {
    expect(launched.page.url()).toBe('veil://app/index.html');
  });

  it('gives the launched.page no Node and only the veil bridge', async () => {
    const globals = await launched.page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { veil?: object }).veil ?? {}).sort(),
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'onEvent', 'readBytes', 'writeBytes'] });
  });

  it('answers the contract over IPC and shows the dataset given on the command line', async () => {
    const info = await launched.page.evaluate(() => (globalThis as unknown as { veil: { invoke(r: unknown): Promise<unknown> } }).veil.invoke({ method: 'app.info', params: {} }));
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron', capabilities: { nativeDirectoryPicker: true, typedPaths: false } } });
    await expect.poll(() => launched.page.locator('tr.image-row').count()).toBe(3);
    await launched.page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Files' }).click();
    await expect.poll(() => launched.page.locator('table.file-list').innerText()).toContain('raw/');
  });

  it('refuses to open windows or navigate away', async () => {
    await launched.page.evaluate(() => {
      const web = globalThis as unknown as { open(url: string): unknown; location: { href: string } };
      web.open('https://example.com');
      web.location.href = 'https://example.com';
    });
    expect(launched.app.windows()).toHaveLength(1);
    expect(launched.page.url()).toBe('veil://app/index.html');
  });
});

describe.skipIf(skipReason !== null)('the Compare view in Electron', () => {
  const launched = useElectronApp(writeDefacedDataset);
  const [firstT1] = PHANTOM_DATASET.t1s;

  it('loads both volumes over IPC as bytes, links the views, and stores a verdict typed with p', async () => {
    await launched.page.getByRole('button', { name: `Compare ${firstT1}` }).click();
    await waitUntilShown(launched.page);
    const before = await crosshair(launched.page, 'Defaced').innerText();
    await clickSliceTile(canvasOf(launched.page, 'Original'));
    await expect.poll(() => crosshair(launched.page, 'Defaced').innerText()).not.toBe(before);
    expect(await crosshair(launched.page, 'Defaced').innerText()).toBe(await crosshair(launched.page, 'Original').innerText());
    await launched.page.locator('body').press('p');
    await expect.poll(() => launched.page.getByTestId('review-status').innerText()).toMatch(/^pass/);
    const stored = JSON.parse(await readFile(path.join(launched.tmp, 'study', '.veil', 'reviews.json'), 'utf8')) as { reviews: Record<string, { verdict: string }> };
    expect(stored.reviews[firstT1]?.verdict).toBe('pass');
  });
});

describe.skipIf(skipReason !== null)('an image given to Veil in Electron (as a double-clicked .nii)', () => {
  const [, secondT1] = PHANTOM_DATASET.t1s;
  const launched = useElectronApp(writeDefacedDataset, (study) => path.join(study, ...(secondT1 ?? '').split('/')));

  it('opens the dataset it belongs to and shows the image in Compare', async () => {
    await waitUntilShown(launched.page);
    expect(await tile(launched.page, 'Original').innerText()).toContain(secondT1);
    expect(await tile(launched.page, 'Defaced').innerText()).toContain('derivatives/veil/');
  });
});
