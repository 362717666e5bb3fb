/** One measured figure; `id` is the key under `metrics` in bench/results.json. */
export interface BenchRow {
  id: string;
  value: number;
  unit: string;
  note?: string;
}

export interface BenchGroup {
  name: string;
  description: string;
  run(): Promise<BenchRow[]> | BenchRow[];
}
