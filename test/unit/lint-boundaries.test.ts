import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/built-app.js';

const eslint = new ESLint({ cwd: PROJECT_ROOT });

/** The messages of the import-boundary rule for `code` placed at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('architecture boundaries are lint errors', () => {
  it.each([
    ['src/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/x.ts', "import { useState } from 'react';\nexport const a = useState;\n"],
    ['src/x.ts', "import { App } from '../renderer/src/app/App.js';\nexport const a = App;\n"],
    ['src/cli/x.ts', "import { wireIpc } from '../../electron/ipc.js';\nexport const a = wireIpc;\n"],
    ['src/api/x.ts', "import { readFile } from 'node:fs/promises';\nexport const a = readFile;\n"],
    ['src/api/x.ts', "import { DatasetRegistry } from '../datasets/registry.js';\nexport const a = DatasetRegistry;\n"],
    ['renderer/src/x.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['renderer/src/x.ts', "import { dispatch } from '../../src/service/dispatch.js';\nexport const a = dispatch;\n"],
    ['electron/x.ts', "import { App } from '../renderer/src/app/App.js';\nexport const a = App;\n"],
    ['electron/preload.cts', "import { helper } from './helper.js';\nexport const a = helper;\n"],
    ['electron/x.ts', "import { icoFromImages } from '../assets/tools/icon-containers.js';\nexport const a = icoFromImages;\n"],
    ['src/x.ts', "import { icoFromImages } from '../assets/tools/icon-containers.js';\nexport const a = icoFromImages;\n"],
  ])('%s may not: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['renderer/src/x.ts', "import { methods } from '../../src/api/contract.js';\nexport const a = methods;\n"],
    ['renderer/src/x.ts', "import type { VeilService } from '../../src/service/veil-service.js';\nexport type A = VeilService;\n"],
    ['electron/x.ts', "import { createVeilService } from '../src/service/veil-service.js';\nexport const a = createVeilService;\n"],
    ['electron/preload.cts', "import electron = require('electron');\nimport type { VeilBridge } from '../src/api/bridge.js';\nexport const a: VeilBridge | typeof electron | null = null;\n"],
    ['src/server/x.ts', "import { readFile } from 'node:fs/promises';\nexport const a = readFile;\n"],
  ])('%s may: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
