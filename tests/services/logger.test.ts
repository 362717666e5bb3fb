import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closeLogFile,
  configureLogFile,
  createLogger,
  formatLogLine,
  logFilePath,
  setStderrLogging,
} from '../../electron/main/services/log/logger';
import { redact } from '../../electron/main/services/log/redact';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    closeLogFile(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  setStderrLogging(true);
});

describe('redact', () => {
  it('drops personal data and credential keys, keeps ids and counters', () => {
    const { fields, dropped } = redact({
      requestId: 'r-1',
      count: 3,
      lastName: 'Dupont',
      firstName: 'Léa',
      email: 'lea@example.org',
      address: '1 rue',
      birthDate: '2008-01-01',
      accessToken: 'abc',
      clientSecret: 's3cr3t',
      password: 'pw',
      channel: 'settings:get',
      errorClass: 'TypeError',
    });
    expect(fields).toEqual({ requestId: 'r-1', count: 3, channel: 'settings:get', errorClass: 'TypeError' });
    expect(dropped).toBe(8);
  });

  it('flattens control characters so a value cannot forge a log line', () => {
    const line = formatLogLine('info', 'test.mod', 'hello', { id: 'a\nb' });
    expect(line).toBe('[test.mod] hello id="a b"');
    expect(line).not.toContain('\n');
  });
});

describe('logger', () => {
  it('writes lines prefixed with the module to logs/app.log, without forbidden fields', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdf-log-'));
    dirs.push(dir);
    setStderrLogging(false);
    configureLogFile({ dataDir: dir });
    createLogger('sync.me').warn('check failed', { status: 503, token: 'eyJhbGciOi' });
    const text = readFileSync(logFilePath(dir), 'utf8');
    expect(text).toMatch(/^\S+ \[sync\.me\] WARN check failed status=503 redactedFields=1\n$/);
    expect(text).not.toContain('eyJhbGciOi');
  });

  it('rotates the file when it reaches its size cap and keeps a bounded number of generations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdf-log-'));
    dirs.push(dir);
    setStderrLogging(false);
    configureLogFile({ dataDir: dir, maxBytes: 500, keep: 2 });
    const logger = createLogger('rot');
    for (let i = 0; i < 60; i += 1) logger.info('line', { i });
    const files = readdirSync(join(dir, 'logs')).sort();
    expect(files).toEqual(['app.log', 'app.log.1', 'app.log.2']);
    for (const file of files) expect(readFileSync(join(dir, 'logs', file)).length).toBeLessThanOrEqual(500);
    expect(readFileSync(logFilePath(dir), 'utf8')).toContain('i=59');
  });
});
