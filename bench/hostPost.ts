import { type Agent, request } from 'node:http';

/**
 * One call of the headless host's contract over loopback, as the renderer's HTTP transport makes it
 * (bearer token, JSON body): the raw answer text, for benches that time the transport itself.
 */
export function postToHost(
  agent: Agent,
  origin: string,
  token: string,
  channel: string,
  body: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}/api/${channel}`,
      { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
