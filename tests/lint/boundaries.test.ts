/**
 * The architecture's boundaries are enforced by ESLint; these cases prove the rules bite, so a
 * config change that silently disables them fails here.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('folder boundaries', () => {
  it.each([
    ['renderer/features/x.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n", 1],
    ['renderer/features/x.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n", 1],
    ['renderer/features/x.ts', "import { x } from '../../electron/main/services/store/openDatabase';\nvoid x;\n", 1],
    ['renderer/features/x.ts', "import { z } from 'zod';\nvoid z;\n", 0],
    ['shared/domain/x.ts', "import { join } from 'node:path';\nvoid join;\n", 1],
    ['shared/domain/x.ts', "import { useState } from 'react';\nvoid useState;\n", 1],
    ['shared/domain/x.ts', "import { app } from 'electron';\nvoid app;\n", 1],
    ['electron/main/services/store/x.ts', "import { app } from 'electron';\nvoid app;\n", 1],
    ['electron/main/services/store/x.ts', "import { join } from 'node:path';\nvoid join;\n", 0],
    ['region-sim/x.ts', "import { x } from '../electron/main/services/store/openDatabase';\nvoid x;\n", 1],
    ['host/x.ts', "import { app } from 'electron';\nvoid app;\n", 1],
    ['electron/main/shell/x.ts', "import { app } from 'electron';\nvoid app;\n", 0],
  ])('%s: %j → %i violation(s)', async (file, code, expected) => {
    expect(await restrictedImports(file, code)).toBe(expected);
  });
});
