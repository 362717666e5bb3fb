/**
 * The hash chain of the audit log: each row stores sha256(prev_hash + canonical row), so editing a
 * past row changes its hash (and every later link), and removing one breaks the link after it.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  recordId: string | null;
  /** The stored JSON text of the detail, hashed as stored. */
  details: string | null;
}

/** A fixed-order JSON array: the same row always gives the same bytes, whatever the key order. */
export function canonicalRow(row: ChainedRow): string {
  return JSON.stringify([row.seq, row.at, row.actor, row.action, row.recordId, row.details]);
}

export function chainHash(prevHash: string, row: ChainedRow): string {
  return createHash('sha256').update(prevHash).update(canonicalRow(row)).digest('hex');
}

export interface StoredRow extends ChainedRow {
  prevHash: string;
  hash: string;
}

export type ChainProblem = 'hash-mismatch' | 'link-broken' | 'row-missing';

export interface ChainCheck {
  ok: boolean;
  checked: number;
  brokenAtSeq: number | null;
  problem: ChainProblem | null;
}

/**
 * Walks the rows in `seq` order. AUTOINCREMENT never reuses a number and a rolled-back insert does
 * not consume one, so a gap in `seq` means a removed row.
 */
export function verifyChain(rows: Iterable<StoredRow>): ChainCheck {
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (const row of rows) {
    if (row.seq !== expectedSeq) return { ok: false, checked, brokenAtSeq: row.seq, problem: 'row-missing' };
    if (row.prevHash !== previousHash) return { ok: false, checked, brokenAtSeq: row.seq, problem: 'link-broken' };
    if (chainHash(row.prevHash, row) !== row.hash) {
      return { ok: false, checked, brokenAtSeq: row.seq, problem: 'hash-mismatch' };
    }
    previousHash = row.hash;
    expectedSeq = row.seq + 1;
    checked++;
  }
  return { ok: true, checked, brokenAtSeq: null, problem: null };
}
