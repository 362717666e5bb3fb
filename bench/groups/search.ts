/**
 * Student search latency over the 50k + 50k store. The group is a list of measurements sharing one
 * seeded store and one workload: to add a row (e.g. the same search through the host's transport),
 * write a `SearchMeasurement` and append it to `SEARCH_MEASUREMENTS`.
 */
import { type AppDatabase } from '../../electron/main/services/store/openDatabase';
import { parseStudentQuery } from '../../electron/main/services/store/studentQuery';
import { searchStudents } from '../../electron/main/services/store/searchStudents';
import { type BenchGroup, type BenchRow } from '../benchRow';
import { percentile, round } from '../percentiles';
import { buildSearchWorkload, type BenchQuery, type QueryKind } from '../searchWorkload';
import { benchDataset, seededStore } from '../seededStore';
import { throughHost } from './searchThroughHost';

export interface SearchContext {
  db: AppDatabase;
  queries: readonly BenchQuery[];
}
export type SearchMeasurement = (ctx: SearchContext) => Promise<BenchRow[]> | BenchRow[];

const MEASURED_QUERIES = 2_000;
const WARMUP_QUERIES = 300;

function timeEach(queries: readonly BenchQuery[], run: (q: BenchQuery) => unknown): Map<QueryKind | 'all', number[]> {
  for (const q of queries.slice(0, WARMUP_QUERIES)) run(q);
  const samples = new Map<QueryKind | 'all', number[]>([['all', []]]);
  for (const q of queries.slice(WARMUP_QUERIES)) {
    const started = performance.now();
    run(q);
    const ms = performance.now() - started;
    samples.get('all')!.push(ms);
    if (!samples.has(q.kind)) samples.set(q.kind, []);
    samples.get(q.kind)!.push(ms);
  }
  return samples;
}

const inProcess: SearchMeasurement = ({ db, queries }) => {
  const samples = timeEach(queries, (q) => searchStudents(db, q.text));
  const p95 = (kind: QueryKind | 'all') => round(percentile(samples.get(kind) ?? [], 95));
  const n = (kind: QueryKind) => samples.get(kind)?.length ?? 0;
  return [
    {
      id: 'search.p50_ms',
      value: round(percentile(samples.get('all')!, 50)),
      unit: 'ms',
      note: `${samples.get('all')!.length} mixed queries`,
    },
    { id: 'search.p95_ms', value: p95('all'), unit: 'ms', note: 'target < 5' },
    { id: 'search.name_p95_ms', value: p95('name'), unit: 'ms', note: `${n('name')} name prefixes` },
    { id: 'search.file_p95_ms', value: p95('file'), unit: 'ms', note: `${n('file')} file numbers` },
    { id: 'search.card_p95_ms', value: p95('card'), unit: 'ms', note: `${n('card')} card numbers` },
  ];
};

/**
 * The same queries as single raw better-sqlite3 statements (no strategy choice, no mapping): names
 * as "all FTS hits joined to their rows, sorted", the plain approach searchStudents improves on.
 */
const rawStatements: SearchMeasurement = ({ db, queries }) => {
  const hit = (t: string) => `${t}.file_number, ${t}.last_name, ${t}.first_name, ${t}.birth_date, ${t}.status`;
  const byName = db.sqlite.prepare(
    `SELECT * FROM (
       SELECT ${hit('r')}, r.search_last AS sl, r.search_first AS sf FROM student_search s
         JOIN requests r ON r.row_id = s.rowid >> 1 WHERE student_search MATCH @match AND s.rowid & 1 = 0
       UNION ALL
       SELECT ${hit('c')}, c.search_last AS sl, c.search_first AS sf FROM student_search s
         JOIN cards c ON c.row_id = s.rowid >> 1 WHERE student_search MATCH @match AND s.rowid & 1 = 1)
     ORDER BY sl = @folded DESC, sl, sf LIMIT 50`,
  );
  const exact = (column: string) =>
    db.sqlite.prepare(
      `SELECT ${hit('r')} FROM requests r WHERE r.${column} = @v UNION ALL SELECT ${hit('c')} FROM cards c WHERE c.${column} = @v LIMIT 50`,
    );
  const byFile = exact('file_number');
  const byCard = exact('card_number');
  const samples = timeEach(queries, (q) => {
    const parsed = parseStudentQuery(q.text);
    if (parsed.kind === 'name') return byName.all({ match: parsed.match, folded: parsed.folded });
    if (parsed.kind === 'file') return byFile.all({ v: parsed.fileNumber });
    if (parsed.kind === 'card') return byCard.all({ v: parsed.cardNumber });
    return [];
  });
  return [
    {
      id: 'search.raw_p95_ms',
      value: round(percentile(samples.get('all')!, 95)),
      unit: 'ms',
      note: `raw statements, same workload; names p95 ${round(percentile(samples.get('name') ?? [], 95))} ms`,
    },
  ];
};

/** Rows of the search group, in order. Append new measurements here. */
export const SEARCH_MEASUREMENTS: SearchMeasurement[] = [inProcess, rawStatements, throughHost];

export const searchGroup: BenchGroup = {
  name: 'search',
  description: 'searchStudents latency over 50k requests + 50k cards',
  async run() {
    const data = benchDataset();
    const db = seededStore();
    try {
      const ctx: SearchContext = { db, queries: buildSearchWorkload(data, WARMUP_QUERIES + MEASURED_QUERIES) };
      const rows: BenchRow[] = [];
      for (const measure of SEARCH_MEASUREMENTS) rows.push(...(await measure(ctx)));
      return rows;
    } finally {
      db.close();
    }
  },
};
