/**
 * The shell's pure security decisions (no `electron` import, so they are unit-tested): which
 * permission a page may get, which external links may open in the system browser.
 */

/** Only the camera, for the antenna's photo capture; microphone, geolocation, notifications… never. */
export function isPermissionAllowed(permission: string, details: { mediaTypes?: readonly string[] } = {}): boolean {
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  // A media request without types, or asking for audio, is not a photo capture.
  return types.length > 0 && types.every((type) => type === 'video');
}

/** The Region's public sites: exact host names, HTTPS only, no credentials, default port. */
const ALLOWED_EXTERNAL_HOSTS = new Set([
  'hautsdefrance.fr',
  'www.hautsdefrance.fr',
  'generation.hautsdefrance.fr',
  'cartegeneration.hautsdefrance.fr',
]);

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    ALLOWED_EXTERNAL_HOSTS.has(url.hostname)
  );
}

/** Navigation stays inside the renderer document (hash routes); anything else is refused. */
export function isAllowedNavigation(target: string, rendererUrl: string): boolean {
  try {
    const to = new URL(target);
    const home = new URL(rendererUrl);
    return to.origin === home.origin && to.pathname === home.pathname && to.search === home.search;
  } catch {
    return false;
  }
}
