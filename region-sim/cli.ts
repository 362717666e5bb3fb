/**
 * Standalone simulator: `npm run region-sim -- --port 4010 --requests 2000 [--seed 1] [--data file.sqlite]`
 * `[--uais 1|2] [--photos pool|distinct] [--photo-kb 60] [--rate-limit 1200] [--json] [--exit-on-stdin-end]`.
 * Prints the base URL, the demo client credentials and the admin token; with `--json`, one JSON line
 * `{baseUrl, clients, adminToken, dataFile}` on stdout instead (log lines then go to stderr), for a
 * parent process that runs the Region in a child.
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
    uais: { type: 'string', default: '2' },
    photos: { type: 'string', default: 'pool' },
    'photo-kb': { type: 'string', default: '60' },
    'rate-limit': { type: 'string', default: '1200' },
    json: { type: 'boolean', default: false },
    'exit-on-stdin-end': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`[sim.cli] ${message}`);
  process.exit(2);
}

const uais = Number(values.uais);
if (uais !== 1 && uais !== 2) fail('--uais must be 1 or 2');
const photos = values.photos;
if (photos !== 'pool' && photos !== 'distinct') fail('--photos must be pool or distinct');

const json = values.json;
const logLine = json ? (line: string) => console.error(line) : (line: string) => console.log(line);

const sim = await startSimulator({
  port: Number(values.port),
  host: values.host,
  requests: Number(values.requests),
  seed: Number(values.seed),
  schoolYear: values['school-year'],
  uais,
  photos,
  photoKb: Number(values['photo-kb']),
  rateLimitPerMinute: Number(values['rate-limit']),
  ...(values.data ? { dataFile: values.data } : {}),
  log: values.quiet ? undefined : logLine,
});

if (json) {
  const { baseUrl, clients, adminToken, dataFile } = sim;
  console.log(JSON.stringify({ baseUrl, clients, adminToken, dataFile }));
} else {
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
}

const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// A parent that dies without killing us closes our stdin: do not outlive it (and keep its port).
if (values['exit-on-stdin-end']) {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
}
