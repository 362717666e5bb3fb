import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSecretStore, SECRETS_FILE_NAME } from '../../electron/main/services/secrets/fileSecretStore';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hdf-secrets-'));
  dirs.push(dir);
  return dir;
}

describe('fileSecretStore', () => {
  it('creates nothing until a secret is stored, then a 0600 file', async () => {
    const dir = tempDir();
    const store = createFileSecretStore(dir);
    expect(await store.get('region.clientSecret')).toBeNull();
    expect(existsSync(join(dir, SECRETS_FILE_NAME))).toBe(false);
    await store.set('region.clientSecret', 'value-1');
    const file = join(dir, SECRETS_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await createFileSecretStore(dir).get('region.clientSecret')).toBe('value-1');
  });

  it('keeps concurrent writes, deletes, and never resolves inherited names', async () => {
    const dir = tempDir();
    const store = createFileSecretStore(dir);
    await Promise.all([store.set('a', '1'), store.set('b', '2'), store.set('c', '3')]);
    expect(JSON.parse(readFileSync(join(dir, SECRETS_FILE_NAME), 'utf8'))).toEqual({ a: '1', b: '2', c: '3' });
    await store.delete('b');
    expect(await store.get('b')).toBeNull();
    expect(await store.get('constructor')).toBeNull();
    expect(await store.get('__proto__')).toBeNull();
    await store.delete('a');
    await store.delete('c');
    expect(existsSync(join(dir, SECRETS_FILE_NAME))).toBe(false);
  });
});
