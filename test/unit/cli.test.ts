import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, requireBuild } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';
import { runVeil, startVeilServe } from '../support/veil-process.js';

describe('the veil command line', () => {
  beforeAll(() => requireBuild());

  it('--help lists the subcommands and exits 0', async () => {
    const result = await runVeil(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/serve \[options\] \[dataset\]/);
    expect(result.stdout).toMatch(/start \[options\] \[dataset\]/);
  });

  it('exits 2 on bad usage: no command, unknown command, bad option value, non-loopback host', async () => {
    expect((await runVeil([])).code).toBe(2);
    expect((await runVeil(['bogus'])).code).toBe(2);
    expect((await runVeil(['serve', '--port', 'abc'])).code).toBe(2);
    const host = await runVeil(['serve', '--host', '0.0.0.0']);
    expect(host.code).toBe(2);
    expect(host.stderr).toMatch(/127\.0\.0\.1/);
  });

  it('exits 1 with a one-line reason when the dataset cannot be opened', async () => {
    const tmp = await makeTempDir();
    const result = await runVeil(['serve', `${tmp.path}/does-not-exist`]);
    await tmp.remove();
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^veil: Cannot open dataset: Cannot open .*does-not-exist: no such file or folder\.$/);
  });

  it('serve prints a token URL: 303 to set the cookie with the token, 401 without', async () => {
    const tmp = await makeTempDir();
    const served = await startVeilServe([tmp.path]);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
      expect((await fetch(served.origin)).status).toBe(401);
      expect((await fetch(served.url, { redirect: 'manual' })).status).toBe(303);
      expect((await fetch(served.origin, { headers: { Authorization: `Bearer ${served.token}` } })).status).toBe(200);
    } finally {
      await served.stop();
      await tmp.remove();
    }
  });

  it('start falls back to the browser shell, in one clear line, where Electron cannot run', async () => {
    const tmp = await makeTempDir();
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BUILT_CLI, 'start', tmp.path], {
      // No display: Electron cannot open a window here, whatever is installed.
      env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 20 s:\n${output}`)), 20_000);
        child.stdout.on('data', () => {
          if (/running at http/.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(output).toMatch(/^Veil: Electron is not available \(no display: .*\); starting the browser shell instead\.$/m);
      const url = /running at (\S+)/.exec(output)?.[1] ?? '';
      expect((await fetch(url, { redirect: 'manual' })).status).toBe(303);
    } finally {
      child.kill('SIGTERM');
      await tmp.remove();
    }
  });
});
