import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (where package.json is). */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The built `veil` executable; `npm test` builds it first. */
export const BUILT_CLI = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

/**
 * Fails fast with a clear message when a test needs the build and it is missing.
 *
 * @example
 * beforeAll(() => requireBuild());
 */
export function requireBuild(): void {
  for (const file of [BUILT_CLI, path.join(PROJECT_ROOT, 'dist', 'renderer', 'index.html')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it first).`);
  }
}
