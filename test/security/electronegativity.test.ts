/**
 * Electronegativity (Doyensec's Electron security scanner) over the Electron shell's source and the
 * built renderer page: zero high-severity findings, and every finding printed for review.
 */
import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, requireBuild } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string };
  description: string;
}
type Run = (options: Record<string, unknown>) => Promise<{ issues: Finding[]; errors: { file: string; message: string; tolerable: boolean }[] }>;

// The package is CommonJS with a default export; its CLI clashes with our commander version, so use its API.
const runElectronegativity = createRequire(import.meta.url)('@doyensec/electronegativity') as Run;

describe('electronegativity', () => {
  let app: Awaited<ReturnType<typeof makeTempDir>>;

  // Its global checks (CSP, navigation limits, permission handler) need the main process and the page
  // in one scan: stage the Electron shell's source with the built index.html (which carries the CSP).
  beforeAll(async () => {
    requireBuild();
    app = await makeTempDir('veil-electronegativity-');
    await cp(path.join(PROJECT_ROOT, 'electron'), path.join(app.path, 'electron'), { recursive: true });
    await cp(path.join(PROJECT_ROOT, 'dist', 'renderer', 'index.html'), path.join(app.path, 'renderer', 'index.html'));
    await cp(path.join(PROJECT_ROOT, 'package.json'), path.join(app.path, 'package.json'));
  });
  afterAll(() => app.remove());

  it('finds nothing of high severity in the Electron shell and its page', async () => {
    const result = await runElectronegativity({ input: app.path, isRelative: true, electronVersionOverride: '45.5.0' });
    for (const finding of result.issues) {
      console.info(`electronegativity: ${finding.severity.name}/${finding.confidence.name} ${finding.id} ${finding.file}:${finding.location.line}`);
    }
    expect(result.errors.filter((e) => !e.tolerable)).toEqual([]);
    expect(result.issues.filter((i) => i.severity.name === 'HIGH')).toEqual([]);
  }, 120_000);
});
