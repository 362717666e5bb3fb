#!/usr/bin/env node
// `npm run lint:electron`: Doyensec's electronegativity over the shell's sources (electron/),
// failing on any HIGH or CRITICAL finding that is not a documented false positive below.
// MEDIUM/LOW findings are printed for review (e.g. "review the use of openExternal").
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
// Electron's version from the installed package: the tool would otherwise ask the network.
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

/**
 * Findings accepted with their reason (matched on check and file; none is HIGH today, listed so a
 * reviewer sees why they stay):
 * - CSP_GLOBAL_CHECK "Failed to parse CSP" (severity N/A): the tool looks for a CSP literal in the
 *   scanned sources; ours is one constant (shared/security/contentSecurityPolicy.ts) sent as a header
 *   by the shell and set in the renderer's <meta>, both checked by tests/shell/electronBuild.test.ts.
 * - OPEN_EXTERNAL_JS_CHECK (MEDIUM): every openExternal call is guarded by isAllowedExternalUrl
 *   (HTTPS, exact Region host names; tests/security/shellPolicy.test.ts).
 * - AUXCLICK_JS_CHECK (MEDIUM): middle-click opens go through setWindowOpenHandler, which denies all.
 * - PRELOAD_JS_CHECK (MEDIUM): the preload only exposes the contract's channels (electronBuild test).
 */
const ACCEPTED = new Set(['CSP_GLOBAL_CHECK', 'OPEN_EXTERNAL_JS_CHECK', 'AUXCLICK_JS_CHECK', 'PRELOAD_JS_CHECK']);

const work = mkdtempSync(join(tmpdir(), 'hdf-eneg-'));
const csv = join(work, 'findings.csv');
try {
  execFileSync(
    join(root, 'node_modules/.bin/electronegativity'),
    ['-i', join(root, 'electron'), '-e', electronVersion, '-r', '-v', 'false', '-o', csv],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const rows = readFileSync(csv, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(','));
  const findings = rows.map(([check = '', severity = '', confidence = '', file = '', location = '']) => ({
    check,
    severity: severity.replaceAll('"', ''),
    confidence: confidence.replaceAll('"', ''),
    where: `${file.replaceAll('"', '')}:${location.replaceAll('"', '')}`,
  }));
  const blocking = findings.filter(
    (f) => (f.severity === 'HIGH' || f.severity === 'CRITICAL') && !ACCEPTED.has(f.check),
  );
  for (const f of findings) {
    const note = ACCEPTED.has(f.check) || f.check === '' ? ' (accepted, see scripts/lint-electron.mjs)' : '';
    console.log(`[lint.electron] ${f.severity.padEnd(8)} ${f.check || 'CSP_GLOBAL_CHECK'} ${f.where}${note}`);
  }
  if (blocking.length > 0) {
    console.error(`[lint.electron] ${blocking.length} high-severity finding(s): fix them or document a false positive`);
    process.exit(1);
  }
  console.log(`[lint.electron] no high-severity finding (${findings.length} reviewed)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
