import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUILT_RENDERER_DIR } from '../paths.js';
import { LOOPBACK_BIND_ADDRESSES, startBrowserShell, type LoopbackBindAddress, type RunningBrowserShell } from '../server/browser-shell.js';
import { createVeilService } from '../service/veil-service.js';
import { CliError, EXIT_USAGE } from './exit-codes.js';

export interface ServeOptions {
  dataset?: string;
  host: string;
  port: number;
}

/**
 * Starts the browser shell, opens `dataset` if given (a dataset folder, or an image: its dataset, shown
 * in Compare), and prints the URL with its token.
 *
 * @example
 * const shell = await serve({ dataset: '/data/study', host: '127.0.0.1', port: 0 });
 */
export async function serve(options: ServeOptions): Promise<RunningBrowserShell> {
  if (!(LOOPBACK_BIND_ADDRESSES as readonly string[]).includes(options.host)) {
    throw new CliError(
      `--host must be a loopback address (${LOOPBACK_BIND_ADDRESSES.join(' or ')}); reach Veil from elsewhere through an SSH tunnel.`,
      EXIT_USAGE,
    );
  }
  if (!existsSync(path.join(BUILT_RENDERER_DIR, 'index.html'))) {
    throw new CliError(`The user interface is not built (${BUILT_RENDERER_DIR} is missing); run \`npm run build\`.`);
  }
  const service = createVeilService({ shell: 'browser', allowTypedPaths: true });
  if (options.dataset !== undefined) {
    const opened = await service.openTarget(path.resolve(options.dataset));
    if (!opened.ok) throw new CliError(`Cannot open dataset: ${opened.error.message}`);
  }
  let shell: RunningBrowserShell;
  try {
    shell = await startBrowserShell({
      service,
      rendererDir: BUILT_RENDERER_DIR,
      host: options.host as LoopbackBindAddress,
      port: options.port,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`Port ${options.port} is already in use; choose another with --port.`);
    throw error;
  }
  console.log(`Veil is running at ${shell.url}`);
  console.log('Open that URL in a browser on this machine (or through an SSH tunnel). Press Ctrl+C to stop.');
  return shell;
}

/**
 * Stops the shell cleanly on Ctrl+C or SIGTERM.
 *
 * @example
 * closeOnSignals(await serve(options));
 */
export function closeOnSignals(shell: RunningBrowserShell): void {
  const stop = () => {
    void shell.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
