/**
 * One workstation and its Region for the property test: the real simulator (in-process, on a
 * shared fake clock), a real SQLite store in a temp dir, the real Region client and the sync
 * engine. `run` applies one command, `settle` stops the chaos and syncs until quiet, `check`
 * evaluates the invariants against the Region.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSimulator, startSimulator } from '../../../region-sim/index';
import { type StaffMember } from '../../../shared/region-api/schemas';
import { type DecisionDraft } from '../../../shared/schemas/domain';
import { createRegionClient, type RegionClient } from '../../../electron/main/services/region/regionClient';
import { type AppDatabase, openDatabase } from '../../../electron/main/services/store/openDatabase';
import { createSyncEngine, type SyncEngine } from '../../../electron/main/services/sync/syncEngine';
import { seededRandom } from './seededRandom';
import { fetchServerRequests, type ReasonCodes, adminRequest } from './serverOracle';
import { type DraftKind, type SyncCommand } from './syncCommands';
import {
  checkSyncInvariants,
  type InvariantReport,
  readLocalKeys,
  readLocalRequests,
  readLocalTombstones,
  readRegionDecisionLog,
  readRegionPrevalidations,
  type RecordedDecision,
} from './syncInvariants';
import { TEST_STORE_KEY } from '../../store/tempDir';

export const STAFF: StaffMember = { staffId: 'poste-test-01', displayName: 'Poste de test' };
/** The simulator's tests use this date too: inside the 2026-2027 school year. */
const CLOCK_START = Date.parse('2026-09-03T08:00:00Z');
const SETTLE_ROUNDS = 12;

/** What a run did, for the report and for the "not vacuous" check across runs. */
export interface RunStats {
  commands: number;
  recorded: number;
  refusedRecords: number;
  undone: number;
  refusedUndos: number;
  failedSyncCalls: number;
  restarts: number;
  serverEvents: number;
}

export class SyncWorld {
  private clockMs = CLOCK_START;
  private db!: AppDatabase;
  private client!: RegionClient;
  engine!: SyncEngine;
  readonly recorded = new Map<string, RecordedDecision>();
  readonly stats: RunStats = {
    commands: 0,
    recorded: 0,
    refusedRecords: 0,
    undone: 0,
    refusedUndos: 0,
    failedSyncCalls: 0,
    restarts: 0,
    serverEvents: 0,
  };
  private readonly random: () => number;
  private lastSyncError = '';

  private constructor(
    readonly sim: RunningSimulator,
    private readonly dir: string,
    private readonly reasons: ReasonCodes,
    engineSeed: number,
  ) {
    this.random = seededRandom(engineSeed);
  }

  static async start(options: { simSeed: number; engineSeed: number; reasons: ReasonCodes; requests: number }) {
    const dir = mkdtempSync(join(tmpdir(), 'hdf-sync-prop-'));
    const box: { world?: SyncWorld } = {};
    const sim = await startSimulator({
      requests: options.requests,
      seed: options.simSeed,
      dataFile: join(dir, 'sim.sqlite'),
      now: () => new Date(box.world?.now() ?? CLOCK_START),
    });
    const world = new SyncWorld(sim, dir, options.reasons, options.engineSeed);
    box.world = world;
    world.open();
    // Staff only decide on what they have seen: the first pull fills the cache.
    await world.engine.pullOnce();
    return world;
  }

  readonly now = (): number => this.clockMs;

  private open(): void {
    this.db = openDatabase({ key: TEST_STORE_KEY, file: join(this.dir, 'app.sqlite') });
    const est = this.sim.clients.establishment;
    this.client = createRegionClient({
      baseUrl: this.sim.baseUrl,
      clientId: est.clientId,
      clientSecret: est.clientSecret,
      userAgent: 'hdf-sync-property-test/1',
      timeoutMs: 5_000,
      now: this.now,
    });
    this.engine = createSyncEngine({
      db: this.db,
      target: () => this.client,
      photosDir: join(this.dir, 'photos'),
      currentStaff: () => STAFF,
      now: this.now,
      random: this.random,
      pageLimit: 25,
      batchSize: 10,
      prefetchPhotos: false,
    });
  }

  private async closeEngine(): Promise<void> {
    await this.engine.stop();
    this.db.close();
  }

  async dispose(): Promise<void> {
    try {
      await this.closeEngine();
    } finally {
      await this.sim.close();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private async syncCall(call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (error) {
      // Failures are expected while faults are on; the invariants judge the outcome.
      this.stats.failedSyncCalls++;
      this.lastSyncError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return false;
    }
  }

  private localRequests() {
    return readLocalRequests(this.db.sqlite);
  }

  private draftFor(kind: DraftKind, reason: number, requestId: string, seenVersion: number): DecisionDraft {
    const prevalidationCode = this.reasons.prevalidation[reason % this.reasons.prevalidation.length] ?? '';
    const photoCode = this.reasons.photo[reason % this.reasons.photo.length] ?? '';
    const base = { requestId, seenVersion };
    switch (kind) {
      case 'approve':
        return { ...base, decision: 'APPROVED', photoVerdict: 'COMPLIANT', reasonCodes: [] };
      case 'reject':
        return { ...base, decision: 'REJECTED', photoVerdict: 'COMPLIANT', reasonCodes: [prevalidationCode] };
      case 'photo':
        return { ...base, decision: 'APPROVED', photoVerdict: 'NON_COMPLIANT', reasonCodes: [photoCode] };
      case 'redirect': {
        // The sibling UAI of the cité scolaire: the one this request is not attached to.
        const row = this.db.sqlite
          .prepare('SELECT establishment_uai AS uai FROM requests WHERE id = ?')
          .get(requestId) as { uai: string } | undefined;
        const sibling = this.sim.clients.establishment.uais.find((u) => u !== row?.uai) ?? '';
        return {
          ...base,
          decision: 'REDIRECTED',
          photoVerdict: 'COMPLIANT',
          reasonCodes: [prevalidationCode],
          targetUai: sibling,
        };
      }
    }
  }

  /** Requests still awaiting pre-validation on the Region, ours (with a live local decision) first if asked. */
  private serverTarget(pick: number, ours: boolean): string | null {
    const live = new Set(
      this.engine
        .listDecisions()
        .filter((d) => d.state === 'PENDING' || d.state === 'SENDING')
        .map((d) => d.requestId),
    );
    const submitted = this.localRequests()
      .map((r) => r.id)
      .filter((id) => adminRequest(this.sim.admin, id)?.status === 'SUBMITTED');
    const preferred = ours ? submitted.filter((id) => live.has(id)) : [];
    const pool = preferred.length > 0 ? preferred : submitted;
    return pool.length > 0 ? (pool[pick % pool.length] ?? null) : null;
  }

  async run(command: SyncCommand): Promise<void> {
    this.stats.commands++;
    // Every command takes time on the workstation's clock, so two decisions never share a second.
    this.clockMs += 2_000;
    switch (command.kind) {
      case 'record': {
        const eligible = this.localRequests().filter((r) => r.status === 'SUBMITTED' && r.localState === 'SYNCED');
        const target = eligible[command.pick % Math.max(1, eligible.length)];
        if (!target) return;
        try {
          const view = this.engine.recordDecision(
            this.draftFor(command.draft, command.reason, target.id, target.version),
          );
          const key = readLocalKeys(this.db.sqlite).get(view.id);
          this.recorded.set(view.id, { requestId: view.requestId, undone: false, ...(key ? { key } : {}) });
          this.stats.recorded++;
        } catch {
          this.stats.refusedRecords++;
        }
        return;
      }
      case 'undo': {
        const pending = this.engine.listDecisions().filter((d) => d.state === 'PENDING');
        const target = pending[command.pick % Math.max(1, pending.length)];
        if (!target) return;
        try {
          this.engine.undoDecision(target.id);
          const known = this.recorded.get(target.id);
          this.recorded.set(target.id, { ...(known ?? { requestId: target.requestId }), undone: true });
          if (!known) throw new Error(`[sync.property] undid decision ${target.id} that the test never recorded`);
          this.stats.undone++;
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('[sync.property]')) throw error;
          // A decision already sent is locked: refusing the undo is the right answer.
          this.stats.refusedUndos++;
        }
        return;
      }
      case 'pull':
        await this.syncCall(() => this.engine.pullOnce());
        return;
      case 'push':
        await this.syncCall(() => this.engine.pushOnce());
        return;
      case 'decideElsewhere': {
        const id = this.serverTarget(command.pick, command.ours);
        if (!id) return;
        this.sim.admin.decideElsewhere(id, command.outcome);
        this.stats.serverEvents++;
        return;
      }
      case 'withdraw': {
        const id = this.serverTarget(command.pick, command.ours);
        if (!id) return;
        this.sim.admin.withdrawRequest(id);
        this.stats.serverEvents++;
        return;
      }
      case 'changePhoto': {
        const id = this.serverTarget(command.pick, command.ours);
        if (!id) return;
        this.sim.admin.changeRequest(id, 'photo');
        this.stats.serverEvents++;
        return;
      }
      case 'faults': {
        const routes = ['token', 'me', 'reasons', 'requestFeed', 'cardFeed', 'prevalidate', 'batch'] as const;
        const each = (value: number) => Object.fromEntries(routes.map((r) => [r, value]));
        this.sim.faults.configure({
          seed: command.seed,
          errorRate: each(command.errorRate),
          resetRate: each(command.resetRate),
          dropAfterCommitRate: { prevalidate: command.dropRate, batch: command.dropRate },
          repeatItemsRate: 0.2,
          outOfOrderRate: 0.2,
        });
        return;
      }
      case 'faultsOff':
        this.sim.faults.configure({});
        return;
      case 'offline':
        this.sim.faults.offline(command.on);
        return;
      case 'expireTokens':
        this.sim.faults.expireTokens();
        return;
      case 'expireCursors':
        this.sim.faults.expireCursors();
        return;
      case 'tick':
        this.clockMs += command.ms;
        return;
      case 'restart':
        await this.closeEngine();
        this.open();
        this.stats.restarts++;
        return;
    }
  }

  /** Faults off, then pull/push until nothing is in flight (bounded: a stuck engine fails the check). */
  async settle(): Promise<void> {
    this.sim.faults.reset();
    for (let round = 0; round < SETTLE_ROUNDS; round++) {
      // Past any back-off the engine scheduled (capped at 5 min by the contract).
      this.clockMs += 10 * 60_000;
      const pulled = await this.syncCall(() => this.engine.pullOnce());
      const pushed = await this.syncCall(() => this.engine.pushOnce());
      const pulledAgain = await this.syncCall(() => this.engine.pullOnce());
      const active = this.engine.listDecisions().some((d) => d.state === 'PENDING' || d.state === 'SENDING');
      if (pulled && pushed && pulledAgain && !active) return;
    }
  }

  async check(): Promise<InvariantReport> {
    const est = this.sim.clients.establishment;
    const serverRequests = await fetchServerRequests({
      baseUrl: this.sim.baseUrl,
      clientId: est.clientId,
      clientSecret: est.clientSecret,
      uais: est.uais,
    });
    return checkSyncInvariants({
      decisions: this.engine.listDecisions(),
      localKeys: readLocalKeys(this.db.sqlite),
      regionLog: readRegionDecisionLog(this.sim.dataFile),
      regionPrevalidations: readRegionPrevalidations(this.sim.dataFile),
      clientId: est.clientId,
      recorded: this.recorded,
      localRequests: this.localRequests(),
      localTombstones: readLocalTombstones(this.db.sqlite),
      serverRequests,
      admin: this.sim.admin,
    });
  }

  lastError(): string {
    return this.lastSyncError;
  }
}
