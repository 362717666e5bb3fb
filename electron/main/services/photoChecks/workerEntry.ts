/**
 * Where the photo-check process's code is, in each way the services run:
 * - Electron app build: electron-vite builds `photoCheckWorker` as a second main entry
 *   (electron.vite.config.ts), so `photoCheckWorker.js` sits next to the main bundle (`out/main/`,
 *   this module may be in `out/main/chunks/`); the shell starts it as a utility process.
 * - vitest, tsx, the headless host and the benches run the TypeScript sources: the child process is
 *   started from `photoCheckWorker.ts` with tsx's loader (a dev dependency: never in the app).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  file: string;
  /** Node options of the child: the TypeScript loader for unbuilt runs, nothing for the build. */
  execArgv: string[];
}

export function resolveWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith('.ts')) {
    // tsx's "import" entry, by absolute URL: the child's working directory does not matter.
    const tsxDir = path.dirname(createRequire(moduleUrl).resolve('tsx/package.json'));
    return {
      file: path.join(path.dirname(here), 'photoCheckWorker.ts'),
      execArgv: ['--import', pathToFileURL(path.join(tsxDir, 'dist', 'loader.mjs')).href],
    };
  }
  for (const dir of [path.dirname(here), path.dirname(path.dirname(here))]) {
    const built = path.join(dir, 'photoCheckWorker.js');
    if (fs.existsSync(built)) return { file: built, execArgv: [] };
  }
  throw new Error('[photoChecks.worker] built entry photoCheckWorker.js not found next to the main bundle');
}
