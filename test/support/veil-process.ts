import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promisify } from 'node:util';
import { BUILT_CLI } from './built-app.js';

export interface ServingVeil {
  url: string;
  origin: string;
  token: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the built `veil serve` as a real process and waits for the URL it prints.
 *
 * @example
 * const veil = await startVeilServe([datasetDir]); await veil.stop();
 */
export async function startVeilServe(args: string[]): Promise<ServingVeil> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BUILT_CLI, 'serve', ...args], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`veil serve printed no URL within 20 s:\n${output}`)), 20_000);
    const check = () => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`veil serve exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Runs the built `veil` to completion and returns its exit code and output (never throws on a non-zero exit).
 *
 * @example
 * const { code, stderr } = await runVeil(['deface', input, output]);
 */
export async function runVeil(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BUILT_CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
