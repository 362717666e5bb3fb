#!/usr/bin/env node
// Builds a second copy of the store driver's native addon (better-sqlite3-multiple-ciphers, the
// encrypting drop-in for better-sqlite3) for Electron's ABI, beside the Node-ABI copy in
// node_modules that tests and the headless host use. The Electron shell loads it through the
// driver's `nativeBinding` option (electron/main/shell/electronNativeBinding.ts).
//
// Why not `electron-rebuild` in place: it would replace the Node build that `npm test` needs, and
// on a machine configured with `nodedir` it can silently produce a Node-ABI binary labelled as
// Electron's. Here the result is checked: Node must REFUSE to load it.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';

const root = join(import.meta.dirname, '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const DRIVER = 'better-sqlite3-multiple-ciphers';
const targetDir = join(root, '.electron-native', electronVersion, DRIVER);
const target = join(targetDir, 'better_sqlite3.node');

if (existsSync(target)) {
  console.log(`[native] Electron ${electronVersion} build of ${DRIVER} already present`);
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'hdf-native-'));
const pkgDir = join(work, DRIVER);
cpSync(join(root, 'node_modules', DRIVER), pkgDir, { recursive: true });
rmSync(join(pkgDir, 'build'), { recursive: true, force: true });

// Never inherit a nodedir: it would make node-gyp build against Node's headers.
const env = { ...process.env };
for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_nodedir') delete env[key];
const run = (cmd, args) => execFileSync(cmd, args, { cwd: pkgDir, env, stdio: 'inherit' });
const bin = (name) => join(root, 'node_modules/.bin', process.platform === 'win32' ? `${name}.cmd` : name);

try {
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch]);
} catch {
  console.log('[native] no prebuilt binary, compiling against Electron headers');
  run(bin('node-gyp'), [
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${process.arch}`,
    '--dist-url=https://electronjs.org/headers',
    '--runtime=electron',
  ]);
}

const built = join(pkgDir, 'build/Release/better_sqlite3.node');
try {
  process.dlopen({ exports: {} }, built);
  console.error('[native] the built addon loads in Node: it was built for the wrong ABI');
  process.exit(1);
} catch (error) {
  if (!/NODE_MODULE_VERSION/.test(String(error))) throw error;
}
mkdirSync(targetDir, { recursive: true });
copyFileSync(built, target);
rmSync(work, { recursive: true, force: true });
console.log(`[native] ${DRIVER} for Electron ${electronVersion} → ${target}`);
