/**
 * Where Veil's own files are: the package root (the folder with Veil's package.json) and the build
 * outputs below it. The code runs both from src/ (tests) and from dist/src/ (built), so it looks up.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): { root: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'veil' && pkg.version) return { root: dir, version: pkg.version };
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the package.json of Veil above its code.');
    dir = parent;
  }
}

const found = findPackageRoot();

/** The folder that holds Veil's package.json, e.g. `/opt/veil`. */
export const PACKAGE_ROOT: string = found.root;

/** Veil's version from package.json, e.g. `0.1.0`. */
export const VEIL_VERSION: string = found.version;

/** The built renderer (`vite build` output), served by both shells. */
export const BUILT_RENDERER_DIR: string = path.join(PACKAGE_ROOT, 'dist', 'renderer');
