import { type ActiveRequest, type TimelineEntry } from '../../shared/region-api/schemas';
import { type PooledPhoto } from '../photos/photoPool';
import { type Dataset } from '../seed/generateDataset';
import { type RequestRow, type SimStore } from './simStore';

const HOUR_MS = 3_600_000;

function at(iso: string, plusHours: number): string {
  return new Date(Date.parse(iso) + plusHours * HOUR_MS).toISOString().replace('.000Z', 'Z');
}

/** A plausible history for a seeded request, consistent with its status. */
export function seedTimeline(r: ActiveRequest): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    {
      status: 'SUBMITTED',
      at: r.submittedAt,
      actor: r.channel === 'ANTENNA' ? 'ANTENNA' : 'STUDENT',
      establishmentUai: r.establishmentUai,
    },
  ];
  const p = r.prevalidation;
  if (!p) return entries;
  const decided: TimelineEntry['status'] =
    p.decision === 'REJECTED' ? 'REJECTED' : p.photoVerdict === 'NON_COMPLIANT' ? 'PHOTO_REJECTED' : 'PREVALIDATED';
  entries.push({ status: decided, at: p.recordedAt, actor: 'ESTABLISHMENT', establishmentUai: p.establishmentUai });
  const providerSteps: TimelineEntry['status'][] = ['VALIDATED', 'CARD_IN_PRODUCTION', 'CARD_SENT'];
  const reached = providerSteps.indexOf(r.status as TimelineEntry['status']);
  for (let i = 0; i <= reached; i++) {
    entries.push({
      status: providerSteps[i] as TimelineEntry['status'],
      at: at(p.recordedAt, 24 * (i + 1)),
      actor: 'PROVIDER',
    });
  }
  return entries;
}

/** Loads a generated dataset and the photo pool into a fresh simulator database, in one transaction. */
export function seedSimStore(store: SimStore, dataset: Dataset, pool: PooledPhoto[]): void {
  store.transaction(() => {
    for (const photo of pool) store.putPhotoBlob(photo.sha256, photo.contentType, photo.data);
    store.insertEstablishments(dataset.establishments);
    const rows: RequestRow[] = dataset.requests.map((request) => ({
      request,
      status: request.status,
      formerUais: [],
      antennaId: null,
    }));
    store.insertRequests(rows);
    for (const request of dataset.requests) {
      for (const entry of seedTimeline(request)) store.addTimeline(request.id, entry);
    }
    store.insertCards(dataset.cards);
  });
}
