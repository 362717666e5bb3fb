/**
 * Where the worker's code is, in each way the services run:
 * - Electron app build: electron-vite builds `photoCheckWorker` as a second main entry
 *   (electron.vite.config.ts), so `photoCheckWorker.js` sits next to the main bundle (`out/main/`,
 *   this module may be in `out/main/chunks/`).
 * - vitest, tsx, the headless host and the benches run the TypeScript sources: the worker is the
 *   `.ts` entry started with tsx's loader (`--import tsx`, resolved from the working directory —
 *   the repository root in every such run).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  file: string;
  execArgv: string[];
}

export function resolveWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith('.ts')) {
    return { file: path.join(path.dirname(here), 'photoCheckWorker.ts'), execArgv: ['--import', 'tsx'] };
  }
  for (const dir of [path.dirname(here), path.dirname(path.dirname(here))]) {
    const built = path.join(dir, 'photoCheckWorker.js');
    if (fs.existsSync(built)) return { file: built, execArgv: [] };
  }
  throw new Error('[photoChecks.worker] built worker entry photoCheckWorker.js not found next to the main bundle');
}
