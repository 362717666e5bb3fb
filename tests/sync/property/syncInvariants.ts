/**
 * The sync issue's promises, checked once activity has stopped: every local decision reached the
 * Region exactly once or is visibly CONFLICT/ERROR (nothing lost), no request was decided twice,
 * and the local copy equals the Region's. Shared by the property test and the crash harness.
 */
import type Database from 'better-sqlite3';
import { type Prevalidation } from '../../../shared/region-api/schemas';
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
}

export interface InvariantInput {
  /** engine.listDecisions() after quiescence. */
  decisions: readonly DecisionView[];
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

export function readLocalRequests(sqlite: Database.Database): LocalRequest[] {
  return sqlite
    .prepare('SELECT id, version, status, local_state AS localState FROM requests ORDER BY id')
    .all() as LocalRequest[];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

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

/** Whether the Region's pre-validation is this very decision: same content, author and second. */
export function isThisDecision(p: Prevalidation | null, d: DecisionView): boolean {
  return (
    p !== null &&
    sameContent(p, d) &&
    p.decidedBy.staffId === d.decidedBy.staffId &&
    seconds(p.decidedAt) === seconds(d.decidedAt)
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

  const decidedRequests = new Set<string>();
  for (const d of input.decisions) {
    report.recorded++;
    decidedRequests.add(d.requestId);
    const undone = input.recorded.get(d.id)?.undone === true;
    const server = adminRequest(input.admin, d.requestId);
    const count = input.admin.countDecisions(d.requestId);
    const appliedOnce = count === 1 && server !== null && sameContent(server.request.prevalidation, d);
    const tag = `decision ${d.id} (request ${d.requestId}, state ${d.state}, server ${server?.status ?? 'unknown'} x${count})`;

    if (undone) {
      report.undone++;
      if (server !== null && isThisDecision(server.request.prevalidation, d)) {
        violations.push(`undone but applied: ${tag}`);
      }
      continue;
    }
    if (d.state === 'CONFLICT' || d.state === 'ERROR' || d.state === 'DROPPED') {
      const key = `${d.state}:${d.errorCode ?? 'none'}`;
      report.problemCodes[key] = (report.problemCodes[key] ?? 0) + 1;
    }
    switch (d.state) {
      case 'ACKED':
        report.acked++;
        if (!appliedOnce) {
          report.lost++;
          violations.push(`lost: ${tag} is ACKED but the Region does not hold it exactly once`);
        } else if (server !== null && !isThisDecision(server.request.prevalidation, d)) {
          report.ackedAsOther++;
        }
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
        if (server !== null && server.status === 'SUBMITTED') {
          report.lost++;
          violations.push(`lost: ${tag} was DROPPED while the request still awaits a decision`);
        }
        break;
      case 'PENDING':
      case 'SENDING':
        report.stuck++;
        violations.push(`not quiescent: ${tag}`);
        if (!appliedOnce) report.lost++;
        break;
    }
  }

  for (const requestId of decidedRequests) {
    const count = input.admin.countDecisions(requestId);
    if (count > 1) {
      report.duplicates++;
      violations.push(`applied twice: request ${requestId} has ${count} decisions on the Region`);
    }
  }

  for (const local of input.localRequests) {
    if (local.localState === 'PENDING' || local.localState === 'SENDING') {
      violations.push(`not quiescent: request ${local.id} local_state ${local.localState}`);
    }
  }
  if (input.serverRequests !== null) {
    const localById = new Map(input.localRequests.map((r) => [r.id, r]));
    for (const local of input.localRequests) {
      const server = input.serverRequests.get(local.id);
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
