/**
 * The sync issue's promises, checked once activity has stopped: every local decision reached the
 * Region exactly once or is visibly CONFLICT/ERROR (nothing lost), no request was decided twice,
 * and the local copy equals the Region's. Shared by the property test and the crash harness.
 */
import Database from 'better-sqlite3';
import { Prevalidation } from '../../../shared/region-api/schemas';
import { type DecisionView } from '../../../shared/schemas/domain';
import { adminRequest, type AdminView, type ServerRequest } from './serverOracle';

export interface LocalRequest {
  id: string;
  version: number;
  status: string;
  localState: string;
}

/** A decision the test saw being committed (recordDecision returned), and whether it undid it. */
export interface RecordedDecision {
  requestId: string;
  undone: boolean;
  /** Its Idempotency-Key, read from the outbox when recorded (an undone decision leaves the outbox). */
  key?: string;
}

/** One decision in the Region's own log (the simulator's `decisions` table). */
export interface RegionDecision {
  requestId: string;
  clientId: string | null;
  key: string | null;
}

export interface InvariantInput {
  /** engine.listDecisions() after quiescence. */
  decisions: readonly DecisionView[];
  /** decisionId → Idempotency-Key, from the outbox. */
  localKeys: ReadonlyMap<string, string>;
  /** Every decision the Region applied, with the client and key it came with. */
  regionLog: readonly RegionDecision[];
  /** Every pre-validation the Region showed for a request over time (see readRegionPrevalidations). */
  regionPrevalidations: ReadonlyMap<string, readonly Prevalidation[]>;
  /** This workstation's client id (decisions by other clients are the Region's or other desks'). */
  clientId: string;
  recorded: ReadonlyMap<string, RecordedDecision>;
  localRequests: readonly LocalRequest[];
  /** null: skip the local-equals-server comparison (e.g. the server feed could not be read). */
  serverRequests: ReadonlyMap<string, ServerRequest> | null;
  /** For diagnostics only: why a request may be missing locally. */
  localTombstones?: ReadonlyMap<string, LocalTombstone>;
  admin: AdminView;
}

export interface InvariantReport {
  /** Human-readable, with ids only; empty when every invariant holds. */
  violations: string[];
  lost: number;
  duplicates: number;
  /** Still PENDING/SENDING after quiescence. */
  stuck: number;
  /** Local requests that differ from (or are missing against) the server. */
  diverged: number;
  /** Requests the Region no longer attaches, kept locally beside a CONFLICT decision on them. */
  keptForConflict: number;
  recorded: number;
  acked: number;
  /** ACKED because another workstation recorded the same decision first (contract: "equals ours"). */
  ackedAsOther: number;
  conflicts: number;
  errors: number;
  dropped: number;
  undone: number;
  /** CONFLICT/ERROR/DROPPED decisions by `state:errorCode`, to tell expected refusals from surprises. */
  problemCodes: Record<string, number>;
}

export interface LocalTombstone {
  id: string;
  version: number;
  status: string;
}

/** Tombstones the store keeps (id, version), to explain a request missing locally. */
export function readLocalTombstones(sqlite: Database.Database): Map<string, LocalTombstone> {
  const rows = sqlite.prepare('SELECT id, version, status FROM request_tombstones').all() as LocalTombstone[];
  return new Map(rows.map((t) => [t.id, t]));
}

export function readLocalKeys(sqlite: Database.Database): Map<string, string> {
  const rows = sqlite
    .prepare("SELECT id, idempotency_key AS key FROM outbox WHERE kind = 'PREVALIDATION'")
    .all() as Array<{
    id: string;
    key: string;
  }>;
  return new Map(rows.map((r) => [r.id, r.key]));
}

/**
 * The simulator's decision log, read-only from its SQLite file: which client and key each applied
 * decision came with. countDecisions alone cannot tell a double application from a request
 * legitimately decided twice (redirected to the client's other UAI, then decided there).
 */
export function readRegionDecisionLog(simDataFile: string): RegionDecision[] {
  const sim = new Database(simDataFile, { readonly: true, fileMustExist: true });
  try {
    return sim
      .prepare('SELECT request_id AS requestId, client_id AS clientId, idempotency_key AS key FROM decisions')
      .all() as RegionDecision[];
  } finally {
    sim.close();
  }
}

/**
 * Every pre-validation the Region ever showed for each request, from the simulator's change log
 * (read-only). A decision acknowledged because the Region held an equal one at that moment stays
 * justified even if the request moved on since (redirected, transferred back, decided again).
 */
export function readRegionPrevalidations(simDataFile: string): Map<string, Prevalidation[]> {
  const sim = new Database(simDataFile, { readonly: true, fileMustExist: true });
  try {
    const rows = sim.prepare("SELECT object_id AS id, item FROM changes WHERE feed = 'requests'").all() as Array<{
      id: string;
      item: string;
    }>;
    const byRequest = new Map<string, Prevalidation[]>();
    for (const row of rows) {
      const parsed = Prevalidation.safeParse((JSON.parse(row.item) as { prevalidation?: unknown }).prevalidation);
      if (parsed.success) byRequest.set(row.id, [...(byRequest.get(row.id) ?? []), parsed.data]);
    }
    return byRequest;
  } finally {
    sim.close();
  }
}

export function readLocalRequests(sqlite: Database.Database): LocalRequest[] {
  return sqlite
    .prepare('SELECT id, version, status, local_state AS localState FROM requests ORDER BY id')
    .all() as LocalRequest[];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

/**
 * Whether the Region's pre-validation has this decision's content (outcome, verdict, reasons,
 * target). The contract's "silent if current.prevalidation equals ours" compares content, so an
 * identical decision taken on another workstation counts as ours reaching the Region.
 */
export function sameContent(p: Prevalidation | null, d: DecisionView): boolean {
  return (
    p !== null &&
    p.decision === d.decision &&
    p.photoVerdict === d.photoVerdict &&
    sameSet(p.reasonCodes, d.reasonCodes) &&
    (p.targetUai ?? null) === (d.targetUai ?? null)
  );
}

export function checkSyncInvariants(input: InvariantInput): InvariantReport {
  const violations: string[] = [];
  const byId = new Map(input.decisions.map((d) => [d.id, d]));
  const report: InvariantReport = {
    violations,
    lost: 0,
    duplicates: 0,
    stuck: 0,
    diverged: 0,
    keptForConflict: 0,
    recorded: 0,
    acked: 0,
    ackedAsOther: 0,
    conflicts: 0,
    errors: 0,
    dropped: 0,
    undone: 0,
    problemCodes: {},
  };

  // Decisions the test saw committed must all still be known locally, unless undone.
  for (const [id, r] of input.recorded) {
    if (!byId.has(id) && !r.undone) {
      report.lost++;
      violations.push(`lost: decision ${id} (request ${r.requestId}) was recorded but is no longer in the outbox`);
    }
  }

  // How many times the Region applied each of our keys.
  const appliedByKey = new Map<string, number>();
  const ours = input.regionLog.filter((e) => e.clientId === input.clientId);
  for (const e of ours) if (e.key !== null) appliedByKey.set(e.key, (appliedByKey.get(e.key) ?? 0) + 1);
  const undoneKeys = new Set([...input.recorded.values()].filter((r) => r.undone && r.key).map((r) => r.key));
  const knownKeys = new Set([...input.localKeys.values(), ...undoneKeys]);
  const duplicated = new Set<string>();

  for (const d of input.decisions) {
    report.recorded++;
    const key = input.localKeys.get(d.id);
    const applied = key === undefined ? 0 : (appliedByKey.get(key) ?? 0);
    const server = adminRequest(input.admin, d.requestId);
    const tag =
      `decision ${d.id} (request ${d.requestId}, state ${d.state}, applied x${applied}, ` +
      `Region ${server?.status ?? 'unknown'} with ${input.admin.countDecisions(d.requestId)} decision(s))`;
    if (key === undefined) violations.push(`outbox: ${tag} has no Idempotency-Key`);
    if (input.recorded.get(d.id)?.undone === true) {
      // An undone decision may stay listed for the audit trail, but only as given up.
      if (d.state !== 'DROPPED') violations.push(`undone but still live: ${tag}`);
      continue;
    }
    if (d.state === 'CONFLICT' || d.state === 'ERROR' || d.state === 'DROPPED') {
      const code = `${d.state}:${d.errorCode ?? 'none'}`;
      report.problemCodes[code] = (report.problemCodes[code] ?? 0) + 1;
      // Applied, yet shown to staff as a problem: nothing is lost, but the screen is wrong.
      if (applied === 1) report.problemCodes['(applied)'] = (report.problemCodes['(applied)'] ?? 0) + 1;
    }
    switch (d.state) {
      case 'ACKED':
        report.acked++;
        if (applied === 1) break;
        // The contract acknowledges silently when the Region's decision "equals ours" (same
        // content, e.g. taken on another desk first): nothing of ours was applied, nothing lost.
        // The contract acknowledges silently when the Region's decision "equals ours" (same
        // content, e.g. taken on another desk first): nothing of ours was applied, nothing lost —
        // provided the Region did hold such a decision at some point.
        if (applied === 0 && (input.regionPrevalidations.get(d.requestId) ?? []).some((p) => sameContent(p, d))) {
          report.ackedAsOther++;
          break;
        }
        report.lost++;
        violations.push(`lost: ${tag} is ACKED but the Region did not apply it exactly once`);
        break;
      case 'CONFLICT':
        report.conflicts++;
        break;
      case 'ERROR':
        report.errors++;
        break;
      case 'DROPPED':
        report.dropped++;
        // Without a staff "drop", only the Region moving on (decided elsewhere, withdrawn,
        // transferred) justifies giving a decision up; a still-SUBMITTED request means it vanished.
        if (applied === 0 && server !== null && server.status === 'SUBMITTED') {
          report.lost++;
          violations.push(`lost: ${tag} was DROPPED while the request still awaits a decision`);
        }
        break;
      case 'PENDING':
      case 'SENDING':
        report.stuck++;
        violations.push(`not quiescent: ${tag}`);
        if (applied !== 1) report.lost++;
        break;
    }
  }
  for (const [id, r] of input.recorded) {
    if (!r.undone) continue;
    report.undone++;
    if (r.key !== undefined && (appliedByKey.get(r.key) ?? 0) > 0) {
      violations.push(`undone but applied: decision ${id} (request ${r.requestId})`);
    }
  }

  // Nothing applied twice: no key applied more than once, and nothing of ours applied under a
  // key the workstation never issued (a regenerated key would slip past idempotency).
  for (const e of ours) {
    if (e.key === null || !knownKeys.has(e.key)) {
      duplicated.add(e.requestId);
      violations.push(`applied twice: request ${e.requestId} got a decision under a key this desk never issued`);
    } else if ((appliedByKey.get(e.key) ?? 0) > 1 && !duplicated.has(e.requestId)) {
      duplicated.add(e.requestId);
      violations.push(`applied twice: request ${e.requestId}, key applied ${appliedByKey.get(e.key)} times`);
    }
  }
  report.duplicates = duplicated.size;

  for (const local of input.localRequests) {
    if (local.localState === 'PENDING' || local.localState === 'SENDING') {
      violations.push(`not quiescent: request ${local.id} local_state ${local.localState}`);
    }
  }
  if (input.serverRequests !== null) {
    const localById = new Map(input.localRequests.map((r) => [r.id, r]));
    const conflicted = new Set(input.decisions.filter((d) => d.state === 'CONFLICT').map((d) => d.requestId));
    for (const local of input.localRequests) {
      const server = input.serverRequests.get(local.id);
      if (!server && local.localState === 'CONFLICT' && conflicted.has(local.id)) {
        // The engine keeps a request it can no longer see (e.g. withdrawn while the cursor had
        // expired: a resync carries no tombstone) beside the decision it turned into a visible
        // CONFLICT. Stale, but shown to staff as a problem: counted, not a violation.
        report.keptForConflict++;
        continue;
      }
      if (!server) {
        report.diverged++;
        const row = adminRequest(input.admin, local.id);
        violations.push(
          `diverged: request ${local.id} (local v${local.version} ${local.status} ${local.localState}) is cached locally but not ` +
            `attached on the Region (Region: ${row ? `v${row.request.version} ${row.status}` : 'unknown'})`,
        );
      } else if (server.version !== local.version || server.status !== local.status) {
        report.diverged++;
        violations.push(
          `diverged: request ${local.id} local v${local.version} ${local.status} vs Region v${server.version} ${server.status}`,
        );
      }
    }
    for (const server of input.serverRequests.values()) {
      if (!localById.has(server.id)) {
        report.diverged++;
        const tombstone = input.localTombstones?.get(server.id);
        violations.push(
          `diverged: request ${server.id} (v${server.version} ${server.status}) is missing locally` +
            (tombstone ? ` (local tombstone v${tombstone.version} ${tombstone.status})` : ''),
        );
      }
    }
  }
  return report;
}
