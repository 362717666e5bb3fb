import { createHash } from 'node:crypto';
import { type ActiveRequest, type Prevalidation } from '../../shared/region-api/schemas';
import { CardLedger } from '../cards/cardLedger';
import { type RouteId } from '../faults/faultTypes';
import { generateDataset } from '../seed/generateDataset';
import { type SimContext } from '../simContext';
import { isoSeconds } from '../time/isoSeconds';

export interface SimulatorAdmin {
  withdrawRequest(id: string): void;
  changeRequest(id: string, what: 'photo' | 'address'): void;
  /** The student uploads these exact bytes as the request's new photo (tests: a real-face or a bad photo). */
  uploadPhoto(id: string, base64: string, contentType: 'image/jpeg' | 'image/png', width: number, height: number): void;
  decideElsewhere(id: string, decision: 'APPROVED' | 'REJECTED' | 'REDIRECTED', targetUai?: string): void;
  transferRequest(id: string, toUai: string): void;
  revalidateElsewhere(cardNumber: string, uai: string): void;
  /** New SUBMITTED requests (ids). */
  addRequests(count: number, uai?: string): string[];
  getRequest(id: string): unknown;
  /** For exactly-once checks in tests. */
  countDecisions(requestId: string): number;
  /** Calls received, for request-count benchmarks. */
  callCount(route?: RouteId): number;
}

/** What the Region, the students and other workstations do behind the client's back. */
export function createSimulatorAdmin(ctx: SimContext, demoUais: string[]): SimulatorAdmin {
  const requireRow = (id: string) => {
    const row = ctx.ledger.get(id);
    if (!row) throw new Error(`sim.admin: unknown request ${id}`);
    return row;
  };
  return {
    withdrawRequest(id) {
      const row = requireRow(id);
      ctx.store.transaction(() => ctx.ledger.withdraw(row));
      ctx.log(`[sim.admin] withdraw request=${id}`);
    },
    changeRequest(id, what) {
      const row = requireRow(id);
      ctx.store.transaction(() => {
        if (what === 'photo') {
          const currentSha = row.request.photo?.sha256;
          const candidates = ctx.photoPool.filter((p) => p.sha256 !== currentSha);
          const pooled = ctx.prng.pick(candidates.length > 0 ? candidates : ctx.photoPool);
          const photo = {
            id: ctx.prng.uuid(),
            sha256: pooled.sha256,
            contentType: pooled.contentType,
            bytes: pooled.bytes,
            width: pooled.width,
            height: pooled.height,
            uploadedAt: isoSeconds(ctx.now()),
          };
          ctx.store.addPhoto(photo.id, id, photo.sha256, photo.contentType);
          ctx.ledger.studentChange(row, 'photo', photo);
        } else {
          ctx.ledger.studentChange(row, 'address');
        }
      });
      ctx.log(`[sim.admin] change request=${id} what=${what}`);
    },
    uploadPhoto(id, base64, contentType, width, height) {
      const row = requireRow(id);
      const data = Buffer.from(base64, 'base64');
      const sha256 = createHash('sha256').update(data).digest('hex');
      const photo = {
        id: ctx.prng.uuid(),
        sha256,
        contentType,
        bytes: data.length,
        width,
        height,
        uploadedAt: isoSeconds(ctx.now()),
      };
      ctx.store.transaction(() => {
        ctx.store.putPhotoBlob(sha256, contentType, data);
        ctx.store.addPhoto(photo.id, id, sha256, contentType);
        ctx.ledger.replacePhoto(row, photo);
      });
      ctx.log(`[sim.admin] upload-photo request=${id} photo=${photo.id}`);
    },
    decideElsewhere(id, decision, targetUai) {
      const row = requireRow(id);
      const uai = row.request.establishmentUai;
      const target =
        decision === 'REDIRECTED'
          ? (targetUai ??
            demoUais.find((u) => u !== uai) ??
            ctx.store.listEstablishments('', 2).find((e) => e.uai !== uai)?.uai)
          : undefined;
      const at = isoSeconds(ctx.now());
      const prevalidation: Prevalidation = {
        decision,
        photoVerdict: 'COMPLIANT',
        reasonCodes:
          decision === 'REJECTED' ? ['NOT_ENROLLED'] : decision === 'REDIRECTED' ? ['WRONG_TRAINING_TYPE'] : [],
        ...(target ? { targetUai: target } : {}),
        decidedBy: { staffId: 'autre-poste-01', displayName: 'Autre poste' },
        decidedAt: at,
        establishmentUai: uai,
        recordedAt: at,
      };
      ctx.store.transaction(() => {
        ctx.ledger.applyDecision(row, prevalidation);
        ctx.store.recordDecision(id, null, null, decision, at);
      });
      ctx.log(`[sim.admin] decide-elsewhere request=${id} decision=${decision}`);
    },
    transferRequest(id, toUai) {
      const row = requireRow(id);
      if (!ctx.store.getEstablishment(toUai)) throw new Error(`sim.admin: unknown UAI ${toUai}`);
      ctx.store.transaction(() => ctx.ledger.transfer(row, toUai));
      ctx.log(`[sim.admin] transfer request=${id} to=${toUai}`);
    },
    revalidateElsewhere(cardNumber, uai) {
      const card = ctx.store.getCard(cardNumber);
      if (!card) throw new Error('sim.admin: unknown card');
      const cards = new CardLedger(ctx.store, ctx.now);
      ctx.store.transaction(() => cards.revalidate(card, uai, ctx.schoolYear, card.training));
      ctx.log(`[sim.admin] revalidate-elsewhere card=${cardNumber.slice(-4)} uai=${uai}`);
    },
    addRequests(count, uai) {
      const target = uai ?? demoUais[0] ?? '';
      if (!ctx.store.getEstablishment(target)) throw new Error(`sim.admin: unknown UAI ${target}`);
      const generated = generateDataset({
        requests: count,
        cards: 0,
        seed: ctx.prng.int(1, 2 ** 31 - 1),
        schoolYear: ctx.schoolYear,
        photoPool: ctx.photoPool,
      });
      const year = Number(ctx.schoolYear.slice(0, 4));
      const at = isoSeconds(ctx.now());
      const ids: string[] = [];
      const photoFor = (sha256: string | undefined) => {
        const pooled = ctx.photoPool.find((p) => p.sha256 === sha256) ?? ctx.prng.pick(ctx.photoPool);
        const { sha256: sha, contentType, bytes, width, height } = pooled;
        return { sha256: sha, contentType, bytes, width, height };
      };
      ctx.store.transaction(() => {
        let seq = ctx.store.maxFileSequence(year);
        for (const g of generated.requests) {
          seq++;
          const request: ActiveRequest = {
            ...g,
            id: ctx.prng.uuid(),
            fileNumber: `HDF-${year}-${String(seq).padStart(7, '0')}`,
            version: 1,
            status: 'SUBMITTED',
            submittedAt: at,
            updatedAt: at,
            establishmentUai: target,
            // Requests filed online arrive complete, photo included, so tests can approve them.
            photo: { ...photoFor(g.photo?.sha256), id: ctx.prng.uuid(), uploadedAt: at },
            prevalidation: null,
            isReturningStudent: false,
          };
          delete request.cardNumber;
          ctx.ledger.create(request, null, 'STUDENT');
          ids.push(request.id);
        }
      });
      ctx.log(`[sim.admin] added ${ids.length} requests uai=${target}`);
      return ids;
    },
    getRequest(id) {
      const row = ctx.ledger.get(id);
      return row ? structuredClone(row) : undefined;
    },
    countDecisions(requestId) {
      return ctx.store.countDecisions(requestId);
    },
    callCount(route) {
      if (route) return ctx.callCounts.get(route) ?? 0;
      let total = 0;
      for (const n of ctx.callCounts.values()) total += n;
      return total;
    },
  };
}
