import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full GC before a measured run, so the run does not pay for the garbage its setup left (dataset
 * generation, seeding): `global.gc` without requiring `--expose-gc` on the command line.
 */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}
