/**
 * Fills a test store with the simulator's requests (a plain full-resync loop), so photo tests start
 * from the rows the sync engine would have written, without depending on the engine itself.
 */
import { ActiveRequest, RequestChangesPage } from '../../shared/region-api/schemas';
import { type RegionClient } from '../../electron/main/services/region/regionClient';
import { type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { upsertRequests } from '../../electron/main/services/store/requestsRepo';

export async function seedRequestsFromSim(
  db: AppDatabase,
  client: RegionClient,
  uais: readonly string[],
): Promise<void> {
  for (const uai of uais) {
    let cursor: string | null = null;
    for (;;) {
      const query: string = `limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await client.call({ path: `establishments/${uai}/requests/changes?${query}` }, RequestChangesPage);
      const active = page.body.items.flatMap((item) => {
        const parsed = ActiveRequest.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
      upsertRequests(db, active);
      cursor = page.body.nextCursor;
      if (!page.body.hasMore) break;
    }
  }
}

/** Distinct photo hashes of SUBMITTED requests, as the prefetch sees them. */
export function submittedPhotoShas(db: AppDatabase): string[] {
  const rows = db.sqlite
    .prepare(
      "SELECT DISTINCT photo_sha256 AS sha FROM requests WHERE status = 'SUBMITTED' AND photo_sha256 IS NOT NULL",
    )
    .all() as Array<{ sha: string }>;
  return rows.map((r) => r.sha);
}
