/**
 * Reads the answer of Electron's `session.resolveProxy(url)`, which uses PAC syntax: a `;`-separated
 * fallback list such as `PROXY host:port; HTTPS host:port; SOCKS5 host:port; DIRECT`. Our agents
 * (hpagent) speak HTTP CONNECT only, so SOCKS entries are skipped and the first HTTP(S) proxy wins.
 * Plain module (no Electron import) so it is unit-tested under Node.
 */

/**
 * First usable proxy as a URL for `createProxyAgents` (`PROXY`/`HTTP` → `http://host:port`,
 * `HTTPS` → `https://host:port`), or null when the list says to connect directly (`DIRECT`, an empty
 * answer, or nothing usable before a `DIRECT`). A list with only SOCKS entries also gives null: a
 * direct attempt fails visibly as offline rather than through an agent that cannot speak SOCKS.
 */
export function parsePacProxy(result: string): string | null {
  for (const rawEntry of result.split(';')) {
    const entry = rawEntry.trim();
    if (entry === '') continue;
    const parts = entry.split(/\s+/);
    const kind = (parts[0] ?? '').toUpperCase();
    const address = parts.length === 2 ? (parts[1] ?? '') : '';
    if (kind === 'DIRECT') return null;
    if (kind !== 'PROXY' && kind !== 'HTTP' && kind !== 'HTTPS') continue;
    const hostPort = parseHostPort(address);
    if (!hostPort) continue;
    const scheme = kind === 'HTTPS' ? 'https' : 'http';
    const defaultPort = kind === 'HTTPS' ? 443 : 80;
    return `${scheme}://${hostPort.host}:${hostPort.port ?? defaultPort}`;
  }
  return null;
}

function parseHostPort(address: string): { host: string; port: number | undefined } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(address);
  if (!match?.[1]) return null;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65_535)) return null;
  return { host: match[1].toLowerCase(), port };
}
