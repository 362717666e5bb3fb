import {
  type ActiveRequest,
  type Photo,
  type Prevalidation,
  type RequestSnapshot,
  type RequestTombstone,
  type TimelineEntry,
} from '../../shared/region-api/schemas';
import { type SimClient } from '../auth/clientRegistry';
import { type Prng } from '../seed/prng';
import { type RequestRow, type SimStore } from '../store/simStore';
import { isoSeconds } from '../time/isoSeconds';

/**
 * Every change to a request goes through here, so the version grows, the owning UAI's change log
 * gets the new snapshot (or a tombstone) and the timeline stays consistent.
 */
export class RequestLedger {
  constructor(
    private readonly store: SimStore,
    private readonly now: () => Date,
    private readonly prng: Prng,
  ) {}

  get(id: string): RequestRow | undefined {
    return this.store.getRequest(id);
  }

  /** The request as this client may see it, or null (404). */
  viewFor(client: SimClient, row: RequestRow): RequestSnapshot | null {
    const r = row.request;
    const attached =
      client.uais.includes(r.establishmentUai) || (client.antennaId !== null && row.antennaId === client.antennaId);
    const formerly = row.formerUais.some((u) => client.uais.includes(u));
    if (row.status === 'WITHDRAWN') return attached || formerly ? this.tombstone(row, 'WITHDRAWN') : null;
    if (attached) return r;
    if (formerly) return this.tombstone(row, 'TRANSFERRED');
    return null;
  }

  tombstone(row: RequestRow, status: RequestTombstone['status']): RequestTombstone {
    return {
      id: row.request.id,
      fileNumber: row.request.fileNumber,
      version: row.request.version,
      status,
      updatedAt: row.request.updatedAt,
      ...(status === 'TRANSFERRED' ? { transferredToUai: row.request.establishmentUai } : {}),
    };
  }

  private stamp(row: RequestRow, bump = 1): string {
    const at = isoSeconds(this.now());
    row.request.version += bump;
    row.request.updatedAt = at;
    return at;
  }

  private persist(row: RequestRow, timeline?: TimelineEntry): void {
    this.store.updateRequest(row);
    const r = row.request;
    const item = row.status === 'WITHDRAWN' ? this.tombstone(row, 'WITHDRAWN') : r;
    this.store.appendChange('requests', r.establishmentUai, r.id, r.version, item);
    if (timeline) this.store.addTimeline(r.id, timeline);
  }

  applyDecision(row: RequestRow, prevalidation: Prevalidation): ActiveRequest {
    const at = this.stamp(row);
    const status: ActiveRequest['status'] =
      prevalidation.decision === 'REJECTED'
        ? 'REJECTED'
        : prevalidation.decision === 'REDIRECTED'
          ? 'REDIRECTED'
          : prevalidation.photoVerdict === 'COMPLIANT'
            ? 'PREVALIDATED'
            : 'PHOTO_REJECTED';
    row.request.status = status;
    row.status = status;
    row.request.prevalidation = { ...prevalidation, recordedAt: at };
    this.persist(row, { status, at, actor: 'ESTABLISHMENT', establishmentUai: prevalidation.establishmentUai });
    const answered = structuredClone(row.request);
    if (status === 'REDIRECTED' && prevalidation.targetUai) this.transfer(row, prevalidation.targetUai);
    return answered;
  }

  /** The Region moves the request: the old UAI gets a TRANSFERRED tombstone, the new one a SUBMITTED request. */
  transfer(row: RequestRow, toUai: string): void {
    const fromUai = row.request.establishmentUai;
    if (fromUai === toUai) return;
    const at = this.stamp(row);
    if (!row.formerUais.includes(fromUai)) row.formerUais.push(fromUai);
    row.formerUais = row.formerUais.filter((u) => u !== toUai);
    row.request.establishmentUai = toUai;
    row.request.status = 'SUBMITTED';
    row.status = 'SUBMITTED';
    this.store.updateRequest(row);
    this.store.appendChange(
      'requests',
      fromUai,
      row.request.id,
      row.request.version,
      this.tombstone(row, 'TRANSFERRED'),
    );
    this.store.appendChange('requests', toUai, row.request.id, row.request.version, row.request);
    this.store.addTimeline(row.request.id, { status: 'SUBMITTED', at, actor: 'REGION', establishmentUai: toUai });
  }

  withdraw(row: RequestRow): void {
    const at = this.stamp(row);
    row.status = 'WITHDRAWN';
    this.persist(row, { status: 'WITHDRAWN', at, actor: 'STUDENT' });
  }

  /** The student changes the request while it awaits a decision (new photo, new address). */
  studentChange(row: RequestRow, what: 'photo' | 'address', newPhoto?: Photo): void {
    // Versions may skip numbers: bump by 2 so clients never assume +1.
    const at = this.stamp(row, 2);
    if (what === 'photo' && newPhoto) {
      row.request.photo = { ...newPhoto, uploadedAt: at };
    } else {
      const a = row.request.address;
      row.request.address = { ...a, line1: `${(Number.parseInt(a.line1, 10) || 1) + 1} rue des Lilas`.slice(0, 38) };
      if (!a.apartment) row.request.address.apartment = `Appt ${this.prng.int(1, 60)}`;
    }
    this.persist(row);
  }

  replacePhoto(row: RequestRow, photo: Photo): void {
    const at = this.stamp(row);
    row.request.photo = { ...photo, uploadedAt: at };
    if (row.request.status === 'PHOTO_REJECTED') {
      // The contract: a PHOTO_REJECTED request goes back to PREVALIDATED with its new photo.
      row.request.status = 'PREVALIDATED';
      row.status = 'PREVALIDATED';
      this.persist(row, { status: 'PREVALIDATED', at, actor: 'ANTENNA' });
    } else {
      this.persist(row);
    }
  }

  create(request: ActiveRequest, antennaId: string | null, actor: TimelineEntry['actor']): RequestRow {
    const row: RequestRow = { request, status: request.status, formerUais: [], antennaId };
    this.store.insertRequest(row);
    this.store.appendChange('requests', request.establishmentUai, request.id, request.version, request);
    this.store.addTimeline(request.id, {
      status: 'SUBMITTED',
      at: request.submittedAt,
      actor,
      establishmentUai: request.establishmentUai,
    });
    if (request.photo)
      this.store.addPhoto(request.photo.id, request.id, request.photo.sha256, request.photo.contentType);
    return row;
  }
}
