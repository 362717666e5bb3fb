import type Database from 'better-sqlite3';
import { normalizeForSearch } from '../../../../../shared/text/normalizeForSearch';
import { type Migration } from './migration';

/**
 * Student search over requests and cards.
 *
 * Each row carries its names folded by `normalizeForSearch` (search_last, search_first): the folding
 * is the app's one rule (œ → oe, hyphens and apostrophes split words), and these keys also give the
 * "exact name first, then by last name" order without re-folding at query time. One FTS5 index covers
 * both tables; its rowid encodes the source (requests: row_id × 2, cards: row_id × 2 + 1) so a hit maps
 * back without a lookup table. It is contentless (only rowids are read back) with contentless_delete
 * so triggers can remove entries, and detail=none because queries are prefix conjunctions only (no
 * phrases or column filters); the prefix indexes keep short prefixes (« le », « mar ») cheap.
 * `student_names` is a narrow copy of the folded names keyed by the same document id, indexed in
 * display order: sorting thousands of hits of a two-letter prefix through the wide request rows (their
 * JSON snapshot spills onto overflow pages) cost 15–35 ms; through this table it is a few ms, and a
 * dense query can even walk the index in order and stop after one page of results.
 * New rows are indexed by the repositories (studentSearchIndex.ts: insert triggers cost too much
 * when seeding); updates and deletes are kept in sync by triggers inside the writer's transaction.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'student_search',
  up(db: Database.Database): void {
    db.exec(`
      ALTER TABLE requests ADD COLUMN search_last TEXT NOT NULL DEFAULT '';
      ALTER TABLE requests ADD COLUMN search_first TEXT NOT NULL DEFAULT '';
      ALTER TABLE cards ADD COLUMN search_last TEXT NOT NULL DEFAULT '';
      ALTER TABLE cards ADD COLUMN search_first TEXT NOT NULL DEFAULT '';
    `);

    // Backfill rows written at schema 1 with the same folding the repositories use from now on.
    for (const table of ['requests', 'cards'] as const) {
      const update = db.prepare(`UPDATE ${table} SET search_last = ?, search_first = ? WHERE row_id = ?`);
      const rows = db.prepare(`SELECT row_id, last_name, first_name FROM ${table}`).iterate() as IterableIterator<{
        row_id: number;
        last_name: string;
        first_name: string;
      }>;
      // Collect first: updating a table while iterating over it is not allowed by better-sqlite3.
      const keyed = [...rows].map((r) => [normalizeForSearch(r.last_name), normalizeForSearch(r.first_name), r.row_id]);
      for (const args of keyed) update.run(...args);
    }

    db.exec(`
      CREATE TABLE student_names (
        doc INTEGER PRIMARY KEY,
        search_last TEXT NOT NULL,
        search_first TEXT NOT NULL
      ) STRICT;
      CREATE INDEX student_names_order ON student_names (search_last, search_first);

      CREATE VIRTUAL TABLE student_search USING fts5(
        names,
        content = '',
        contentless_delete = 1,
        detail = none,
        prefix = '2 3',
        tokenize = "unicode61 remove_diacritics 2"
      );
    `);
    for (const [table, parity] of [
      ['requests', 0],
      ['cards', 1],
    ] as const) {
      const doc = `row_id * 2 + ${parity}`;
      db.exec(`
        INSERT INTO student_names (doc, search_last, search_first) SELECT ${doc}, search_last, search_first FROM ${table};
        INSERT INTO student_search (rowid, names) SELECT ${doc}, search_last || ' ' || search_first FROM ${table};

        CREATE TRIGGER ${table}_search_update AFTER UPDATE OF search_last, search_first ON ${table}
          WHEN old.search_last IS NOT new.search_last OR old.search_first IS NOT new.search_first BEGIN
          UPDATE student_names SET search_last = new.search_last, search_first = new.search_first
            WHERE doc = old.${doc};
          DELETE FROM student_search WHERE rowid = old.${doc};
          INSERT INTO student_search (rowid, names) VALUES (new.${doc}, new.search_last || ' ' || new.search_first);
        END;
        CREATE TRIGGER ${table}_search_delete AFTER DELETE ON ${table} BEGIN
          DELETE FROM student_names WHERE doc = old.${doc};
          DELETE FROM student_search WHERE rowid = old.${doc};
        END;
      `);
    }
  },
};
