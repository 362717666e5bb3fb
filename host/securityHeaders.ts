/** The headers every host answer carries: the Electron window's CSP, and no sniffing nor referrer. */
import { type ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../shared/security/contentSecurityPolicy';

export { CONTENT_SECURITY_POLICY };

export function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cache-Control', 'no-store');
}
