/**
 * Where the worker's code is, in each way the services run:
 * - Electron app build: electron-vite builds `photoCheckWorker` as a second main entry
 *   (electron.vite.config.ts), so `photoCheckWorker.js` sits next to the main bundle (`out/main/`,
 *   this module may be in `out/main/chunks/`).
 * - vitest, tsx, the headless host and the benches run the TypeScript sources: Node 20 does not
 *   apply `--import tsx` to a worker's entry, so a tiny `.mjs` bootstrap imports the `.ts` entry
 *   through tsx's API (tsx is a dev dependency: this path never runs in the app).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  file: string;
  workerData: { tsEntry: string } | undefined;
}

export function resolveWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith('.ts')) {
    const dir = path.dirname(here);
    return {
      file: path.join(dir, 'tsWorkerBootstrap.mjs'),
      workerData: { tsEntry: pathToFileURL(path.join(dir, 'photoCheckWorker.ts')).href },
    };
  }
  for (const dir of [path.dirname(here), path.dirname(path.dirname(here))]) {
    const built = path.join(dir, 'photoCheckWorker.js');
    if (fs.existsSync(built)) return { file: built, workerData: undefined };
  }
  throw new Error('[photoChecks.worker] built worker entry photoCheckWorker.js not found next to the main bundle');
}
