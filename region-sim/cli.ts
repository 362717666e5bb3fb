/**
 * Standalone simulator: `npm run region-sim -- --port 4010 --requests 2000 [--seed 1] [--data file.sqlite]`.
 * Prints the base URL, the demo client credentials and the admin token.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    requests: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    data: { type: 'string' },
    'school-year': { type: 'string', default: '2026-2027' },
    quiet: { type: 'boolean', default: false },
  },
});

const sim = await startSimulator({
  port: Number(values.port),
  host: values.host,
  requests: Number(values.requests),
  seed: Number(values.seed),
  schoolYear: values['school-year'],
  ...(values.data ? { dataFile: values.data } : {}),
  log: values.quiet ? undefined : (line) => console.log(line),
});

console.log(`[sim.cli] Region API simulator ready`);
console.log(`[sim.cli] base URL       ${sim.baseUrl}`);
console.log(
  `[sim.cli] établissement  client_id=${sim.clients.establishment.clientId} client_secret=${sim.clients.establishment.clientSecret} uais=${sim.clients.establishment.uais.join(',')}`,
);
console.log(
  `[sim.cli] antenne        client_id=${sim.clients.antenna.clientId} client_secret=${sim.clients.antenna.clientSecret} antennaId=${sim.clients.antenna.antennaId}`,
);
console.log(
  `[sim.cli] admin token    ${sim.adminToken} (POST ${sim.baseUrl.replace('/generation/v1', '')}/__sim/faults/<op>)`,
);
console.log(`[sim.cli] data file      ${sim.dataFile}`);

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
