import { app } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The store driver (better-sqlite3-multiple-ciphers, the encrypting drop-in for better-sqlite3) is a
 * native addon: the copy in node_modules is built for Node's ABI (tests, the
 * headless host), while Electron needs one built for its own ABI. `npm start` prepares that second
 * build in `.electron-native/` (scripts/prepare-electron-native.mjs) and the store loads it through
 * better-sqlite3's `nativeBinding` option. A packaged app has its node_modules rebuilt for Electron
 * by electron-builder, so it needs no override.
 */
export function electronNativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const candidate = join(
    app.getAppPath(),
    '.electron-native',
    process.versions.electron,
    'better-sqlite3-multiple-ciphers',
    'better_sqlite3.node',
  );
  if (!existsSync(candidate)) {
    throw new Error(
      `[shell.native] missing Electron build of better-sqlite3-multiple-ciphers for Electron ${process.versions.electron}: run "node scripts/prepare-electron-native.mjs"`,
    );
  }
  return candidate;
}
