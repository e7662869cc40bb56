/**
 * The `veil` command line for clusters ships as an npm package (`npm pack`, attached to each release by
 * .github/workflows/release.yml): this lists what that package holds, as npm itself packs it.
 */
import { execa } from 'execa';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, requireBuild } from '../support/built-app.js';

interface PackListing {
  filename: string;
  files: { path: string }[];
}

describe('the veil CLI package (npm pack)', () => {
  let files: string[];
  beforeAll(async () => {
    requireBuild();
    // --ignore-scripts: the build is there already, and `prepare` would rebuild it.
    const run = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PROJECT_ROOT });
    files = (JSON.parse(run.stdout) as PackListing[])[0]!.files.map((file) => file.path);
  }, 60_000);

  it('holds the whole built core: the CLI, the engine and face detection workers and every other module', async () => {
    const built = (await readdir(path.join(PROJECT_ROOT, 'dist', 'src'), { recursive: true }))
      .filter((file) => file.endsWith('.js'))
      .map((file) => `dist/src/${file.split(path.sep).join('/')}`);
    expect(built).toContain('dist/src/cli/main.js');
    expect(built).toContain('dist/src/engine/worker/native-worker.js');
    expect(built).toContain('dist/src/recognizability/views-worker.js');
    expect(built.filter((file) => !files.includes(file))).toEqual([]);
  });

  it('holds the renderer `veil serve` shows, and the README', () => {
    expect(files).toContain('dist/renderer/index.html');
    expect(files).toContain('README.md');
  });

  it('leaves out sources, tests, source maps, installers and build tools', () => {
    expect(files.filter((file) => /\.(ts|map)$/.test(file) || /^(src|test|renderer|assets|electron|\.ci)\//.test(file) || file.startsWith('dist/installers/'))).toEqual([]);
  });
});
