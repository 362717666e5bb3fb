/**
 * Bundles crashChild.ts once per process with esbuild, so each of hundreds of spawns is a plain
 * `node file.mjs`: no TypeScript loader, and one file instead of hundreds of module resolutions
 * (≈ 200 ms to READY instead of ≈ 350 ms). Native addons stay external and resolve from the
 * repository's node_modules, which is why the bundle is written under node_modules/.cache.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
let bundled: Promise<string> | undefined;

export function crashChildBundle(): Promise<string> {
  bundled ??= (async () => {
    const outDir = join(REPO_ROOT, 'node_modules', '.cache', 'hdf-sync-crash');
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `crashChild-${process.pid}.mjs`);
    await build({
      entryPoints: [join(import.meta.dirname, 'crashChild.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3', 'sharp'],
      // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
    process.once('exit', () => rmSync(outfile, { force: true }));
    return outfile;
  })();
  return bundled;
}
