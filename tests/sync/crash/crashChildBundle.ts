/**
 * Bundles crashChild.ts once per process with esbuild, so each of hundreds of spawns is a plain
 * `node file.mjs`: no TypeScript loader, and one file instead of hundreds of module resolutions
 * (≈ 200 ms to READY instead of ≈ 350 ms). Native addons stay external and resolve from the
 * repository's node_modules, which is why the bundle is written under node_modules/.cache.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
let bundled: Promise<string> | undefined;

/**
 * The file is named by the hash of its content: parallel runs (vitest workers, the bench) share it,
 * nothing needs deleting at exit (a vitest worker may be stopped without an exit event), and only a
 * code change adds a file to the cache.
 */
export function crashChildBundle(): Promise<string> {
  bundled ??= (async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, 'crashChild.ts')],
      write: false,
      outfile: 'crashChild.mjs',
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'sharp', '@node-rs/argon2'],
      // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
    const code = result.outputFiles[0]?.contents;
    if (!code) throw new Error('[sync.crash] esbuild produced no output');
    const outDir = join(REPO_ROOT, 'node_modules', '.cache', 'hdf-sync-crash');
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `crashChild-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(outfile)) {
      const scratch = `${outfile}.${process.pid}.tmp`;
      writeFileSync(scratch, code);
      renameSync(scratch, outfile);
    }
    return outfile;
  })();
  return bundled;
}
