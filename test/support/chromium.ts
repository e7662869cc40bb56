import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, or the one CHROMIUM_PATH names; Playwright's own browser download is not used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or null when they can. */
export const chromiumMissingReason: string | null = existsSync(CHROMIUM_PATH)
  ? null
  : `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`;

/**
 * Launches headless Chromium with the flags this machine needs (root, no GPU, closed network).
 *
 * @example
 * const browser = await launchChromium(); const page = await browser.newPage();
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--enable-unsafe-swiftshader',
      ...extraArgs,
    ],
  });
}

export interface VeilPage {
  browser: Browser;
  page: Page;
  /** Console errors and warnings and page errors seen so far (a UI test expects none). */
  problems: string[];
}

/**
 * What software WebGL (SwiftShader) reports about itself: a performance note when pixels are read
 * back (niivue's 3D picking, PNG snapshots). It is Chromium's driver talking, not Veil; UI tests
 * drop it before asserting that the console is clean.
 */
export const SOFTWARE_GL_NOTICE = /GL Driver Message \(OpenGL, Performance, .*\): GPU stall due to ReadPixels/;

/**
 * The problems a UI test must not see: everything recorded except SwiftShader's performance notes.
 *
 * @example
 * expect(appProblems(app.problems)).toEqual([]);
 */
export function appProblems(problems: readonly string[]): string[] {
  return problems.filter((problem) => !SOFTWARE_GL_NOTICE.test(problem));
}

/**
 * Launches Chromium and opens a page that records every console error or warning and page error.
 *
 * @example
 * const { browser, page, problems } = await openRecordingPage(); … expect(problems).toEqual([]);
 */
export async function openRecordingPage(extraArgs: readonly string[] = []): Promise<VeilPage> {
  const browser = await launchChromium(extraArgs);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { browser, page, problems };
}
