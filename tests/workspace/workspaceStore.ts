/**
 * A real store file filled with the simulator's generated dataset (requests, roster cards, the
 * establishments directory and the demo client's `/me`), plus decisions recorded through the real
 * ledger, for the workspace tests.
 */
import { join } from 'node:path';
import { generateDataset, type Dataset } from '../../region-sim/seed/generateDataset';
import { type DecisionDraft, type DecisionView } from '../../shared/schemas/domain';
import { ME_REFERENCE_KEY } from '../../electron/main/services/region/fetchMe';
import { upsertCards } from '../../electron/main/services/store/cardsRepo';
import { openDatabase, type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { putReference } from '../../electron/main/services/store/referenceRepo';
import { upsertRequests } from '../../electron/main/services/store/requestsRepo';
import { recordDecision, type LedgerContext } from '../../electron/main/services/sync/decisionLedger';
import { TEST_STORE_KEY, makeTempDir } from '../store/tempDir';

export const STAFF = { staffId: 'secretariat-01', displayName: 'Secrétariat' };

export interface WorkspaceStore {
  dir: string;
  db: AppDatabase;
  dataset: Dataset;
  ledger: LedgerContext;
  record(draft: DecisionDraft): DecisionView;
  close(): void;
}

export function openWorkspaceStore(options: { requests: number; seed: number }): WorkspaceStore {
  const temp = makeTempDir();
  const db = openDatabase({ key: TEST_STORE_KEY, file: join(temp.dir, 'hdf.sqlite') });
  const dataset = generateDataset({ requests: options.requests, seed: options.seed });
  upsertRequests(db, dataset.requests);
  upsertCards(db, dataset.cards);
  const insert = db.sqlite.prepare(
    `INSERT INTO establishments (uai, name, type, postal_code, city, academie, updated_at)
     VALUES (@uai, @name, @type, @postalCode, @city, @academie, '2026-09-01T00:00:00Z')`,
  );
  db.sqlite.transaction(() => {
    for (const e of dataset.establishments) insert.run(e);
  })();
  const own = dataset.demoUais.map((uai) => dataset.establishments.find((e) => e.uai === uai));
  putReference(
    db,
    ME_REFERENCE_KEY,
    {
      clientId: 'demo-client',
      kind: 'ESTABLISHMENT',
      establishments: own,
      currentSchoolYear: '2026-2027',
      revalidationOpensOn: '2026-06-15',
      walletValidity: { from: '2026-07-01', to: '2027-04-30' },
      serverTime: '2026-09-10T08:00:00Z',
    },
    null,
  );
  const ledger: LedgerContext = { db, now: () => Date.now(), clockSkewMs: () => 0, currentStaff: () => STAFF };
  return {
    dir: temp.dir,
    db,
    dataset,
    ledger,
    record: (draft) => recordDecision(ledger, draft),
    close() {
      db.close();
      temp.remove();
    },
  };
}
