/**
 * `npm start` / `veil start`: open the Electron app when its binary is there (downloading it once
 * if allowed), otherwise start the browser shell and say why in one line.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { downloadElectronBinary, locateElectronBinary, type ElectronBinary } from './electron-binary.js';
import { closeOnSignals, serve, type ServeOptions } from './serve.js';

export interface StartOptions extends ServeOptions {
  /** Skip Electron and start the browser shell. */
  browser: boolean;
}

/** An Electron that exits with an error this soon after starting is taken as "cannot start here". */
const EARLY_EXIT_MS = 5000;
const DOWNLOAD_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Starts Veil in the best shell this machine offers.
 *
 * @example
 * await start({ browser: false, host: '127.0.0.1', port: 0 });
 */
export async function start(options: StartOptions): Promise<void> {
  const electron = options.browser ? { available: false as const, reason: '--browser was given' } : await findElectron();
  if (electron.available) {
    const outcome = await runElectron(electron.path, options.dataset);
    if (outcome.kind === 'exited') process.exit(outcome.code);
    console.log(`Veil: Electron could not start (${outcome.reason}); starting the browser shell instead.`);
  } else {
    console.log(`Veil: Electron is not available (${electron.reason}); starting the browser shell instead.`);
  }
  closeOnSignals(await serve(options));
}

async function findElectron(): Promise<ElectronBinary> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { available: false, reason: 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set' };
  }
  const found = locateElectronBinary();
  if (found.available || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || process.env.CI) return found;
  console.log('Veil: downloading the Electron binary (once)…');
  const download = await downloadElectronBinary(DOWNLOAD_TIMEOUT_MS);
  return download.ok ? locateElectronBinary() : { available: false, reason: `${found.reason}; download failed: ${download.detail}` };
}

type ElectronOutcome = { kind: 'exited'; code: number } | { kind: 'failed'; reason: string };

function runElectron(executable: string, dataset: string | undefined): Promise<ElectronOutcome> {
  // Chromium refuses to run as root with its OS sandbox on; renderers stay in Electron's sandbox.
  const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const args = [...rootArgs, PACKAGE_ROOT, ...(dataset ? [path.resolve(dataset)] : [])];
  const startedAt = Date.now();
  let stderrTail = '';
  return new Promise((resolve) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString()).slice(-2000);
    });
    child.on('error', (error) => resolve({ kind: 'failed', reason: error.message }));
    child.on('exit', (code, signal) => {
      const lastLine = stderrTail.trim().split('\n').at(-1) ?? '';
      if (code !== 0 && Date.now() - startedAt < EARLY_EXIT_MS) {
        resolve({ kind: 'failed', reason: lastLine || `exit code ${code ?? signal}` });
      } else {
        resolve({ kind: 'exited', code: code ?? 1 });
      }
    });
  });
}
