/** The benchmarks' fixed store key: their stores hold synthetic data only and are deleted after each run. */
export const BENCH_STORE_KEY: Buffer = Buffer.from('be7c'.repeat(16), 'hex');
