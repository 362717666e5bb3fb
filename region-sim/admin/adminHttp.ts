import { timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type FaultController } from '../faults/faultTypes';
import { jsonAnswer } from '../http/answer';
import { writeAnswer } from '../http/dispatcher';
import { readBody } from '../http/readBody';
import { type SimulatorAdmin } from './simulatorAdmin';

export const ADMIN_PREFIX = '/__sim/';

type Operation = (...args: unknown[]) => unknown;

/**
 * The admin and fault operations over HTTP, for out-of-process tests:
 * `POST /__sim/admin/<operation>` or `/__sim/faults/<operation>` with `{"args": [...]}` and
 * `Authorization: Bearer <adminToken>`; answers `{"result": ...}`.
 */
export async function handleAdminHttp(
  req: IncomingMessage,
  res: ServerResponse,
  adminToken: string,
  admin: SimulatorAdmin,
  faults: FaultController,
  log: (line: string) => void,
): Promise<void> {
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(adminToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    req.resume();
    writeAnswer(res, jsonAnswer(401, { error: 'admin token required' }));
    return;
  }
  const m = /^\/__sim\/(admin|faults)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://sim.local').pathname);
  const target =
    m?.[1] === 'admin' ? (admin as unknown as Record<string, unknown>) : (faults as unknown as Record<string, unknown>);
  const operation = m?.[2] ? target[m[2]] : undefined;
  if (req.method !== 'POST' || typeof operation !== 'function') {
    req.resume();
    writeAnswer(res, jsonAnswer(404, { error: 'unknown operation' }));
    return;
  }
  const body = await readBody(req, 1024 * 1024);
  let args: unknown[] = [];
  try {
    const text = body.ok ? body.bytes.toString('utf8') : '';
    const parsed = text ? (JSON.parse(text) as { args?: unknown }) : {};
    args = Array.isArray(parsed.args) ? parsed.args : [];
  } catch {
    writeAnswer(res, jsonAnswer(400, { error: 'body must be {"args": [...]}' }));
    return;
  }
  try {
    const result = (operation as Operation).apply(target, args);
    log(`[sim.admin] http ${m?.[1]}.${m?.[2]}`);
    writeAnswer(res, jsonAnswer(200, { result: result ?? null }));
  } catch (error) {
    writeAnswer(res, jsonAnswer(400, { error: error instanceof Error ? error.message : 'failed' }));
  }
}
