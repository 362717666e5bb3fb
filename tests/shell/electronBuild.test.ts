/**
 * Electron cannot run on this machine, so the shell is checked through what electron-vite builds:
 * the sandboxed preload must be one CommonJS file that loads nothing but `electron`, the main
 * bundle must keep native addons external, and the renderer page must carry the strict CSP with
 * no inline script.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/contentSecurityPolicy';
import { CHANNEL_NAMES } from '../../shared/ipc/channels';

const root = join(import.meta.dirname, '../..');
const out = join(root, 'out');

beforeAll(() => {
  // `npm test` has just built; a standalone vitest run builds here.
  if (!process.env.HDF_SKIP_BUILD || !existsSync(join(out, 'main/index.js'))) {
    execFileSync(join(root, 'node_modules/.bin/electron-vite'), ['build'], { cwd: root, stdio: 'pipe' });
  }
}, 180_000);

describe('Electron build', () => {
  it('emits a self-contained CommonJS preload that only requires electron', () => {
    const preload = readFileSync(join(out, 'preload/index.cjs'), 'utf8');
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).toContain('exposeInMainWorld');
    for (const channel of CHANNEL_NAMES) expect(preload).toContain(channel);
  });

  it('keeps native addons out of the main bundle and loads Electron', () => {
    const files = readdirSync(join(out, 'main')).filter((f) => f.endsWith('.js'));
    const main = files.map((f) => readFileSync(join(out, 'main', f), 'utf8')).join('\n');
    // The encrypted store's driver (a drop-in for better-sqlite3), external like every native addon.
    expect(main).toMatch(
      /from ["']better-sqlite3-multiple-ciphers["']|require\(["']better-sqlite3-multiple-ciphers["']\)/,
    );
    expect(main).toMatch(/from ["']electron["']/);
    expect(main).toContain('requestSingleInstanceLock');
    expect(main).toMatch(/sandbox:\s*(true|!0)/);
    expect(main).toMatch(/contextIsolation:\s*(true|!0)/);
    expect(main).toMatch(/nodeIntegration:\s*(false|!1)/);
  });

  it('ships a renderer page with the strict CSP and no inline script', () => {
    const html = readFileSync(join(out, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBeDefined();
    const directives = (meta?.[1] ?? '').split(';').map((d) => d.trim());
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'"]) {
      expect(directives).toContain(directive);
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].filter(
      (m) => (m[1] ?? '').trim() !== '',
    );
    expect(inlineScripts).toEqual([]);
    expect(html).toMatch(/<html lang="fr"/);
  });
});
