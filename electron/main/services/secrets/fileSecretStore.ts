/**
 * The headless host's SecretStore: one JSON object in `<dataDir>/secrets.json`, readable by the
 * owner only (0600). Writes go to a temporary file renamed over the old one so a crash never leaves
 * a half-written file, and the file is only created when a first secret is stored.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type SecretStore } from './secretStore';

const SecretFile = z.record(z.string(), z.string());

export const SECRETS_FILE_NAME = 'secrets.json';

export function createFileSecretStore(dataDir: string): SecretStore {
  const file = join(dataDir, SECRETS_FILE_NAME);
  // Serialise writes so two quick updates cannot interleave read-modify-write.
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Record<string, string>> {
    let raw: string;
    try {
      raw = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = SecretFile.safeParse(JSON.parse(raw));
    if (!parsed.success) throw new Error('secrets file is not a JSON object of strings');
    // A null-prototype copy: a stored name such as "__proto__" stays a plain entry.
    return Object.assign(Object.create(null) as Record<string, string>, parsed.data);
  }

  async function save(secrets: Record<string, string>): Promise<void> {
    await mkdir(dataDir, { recursive: true });
    if (Object.keys(secrets).length === 0) {
      await rm(file, { force: true });
      return;
    }
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(secrets), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, file);
  }

  function serialised<T>(task: () => Promise<T>): Promise<T> {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    async get(name) {
      const secrets = await load();
      return Object.prototype.hasOwnProperty.call(secrets, name) ? (secrets[name] ?? null) : null;
    },
    set(name, value) {
      return serialised(async () => {
        const secrets = await load();
        secrets[name] = value;
        await save(secrets);
      });
    },
    delete(name) {
      return serialised(async () => {
        const secrets = await load();
        if (!Object.prototype.hasOwnProperty.call(secrets, name)) return;
        delete secrets[name];
        await save(secrets);
      });
    },
  };
}
