// Starts the photo-check worker from its TypeScript source when the services run unbuilt (vitest,
// tsx, the headless host, benches): Node 20 does not apply `--import tsx` to a worker's own entry,
// so the entry is imported through tsx's API. The Electron build runs photoCheckWorker.js directly.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.tsEntry, import.meta.url);
