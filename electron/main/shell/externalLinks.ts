/** The only sites the app may open, in the system browser: the Region's public pages. */
const ALLOWED_HOSTS = new Set([
  'generation.hautsdefrance.fr',
  'cartegeneration.hautsdefrance.fr',
  'www.hautsdefrance.fr',
]);

export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && ALLOWED_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}
