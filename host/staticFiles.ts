/**
 * Serves the built renderer. Only regular files under the renderer folder are served: no directory
 * listing, no dot-files, no path that resolves outside the folder (`..`, encoded slashes, NUL).
 * When the renderer was not built, `/` explains in French how to build it and the API still works.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { type ServerResponse } from 'node:http';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Interface non construite</title></head>
<body><h1>Interface non construite</h1>
<p>L’interface de l’application n’a pas encore été construite. Lancez <code>npm run build:renderer</code>, puis rechargez cette page.</p>
<p>L’API du poste fonctionne déjà.</p></body></html>
`;

/** The file to serve for a URL path, or null when the path must be refused. */
export function resolveStaticPath(rendererDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const segments = relative.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.startsWith('.'))) {
    return null;
  }
  const root = resolve(rendererDir);
  const file = resolve(join(root, ...segments));
  return file.startsWith(root + sep) ? file : null;
}

export async function serveStatic(
  rendererDir: string,
  urlPath: string,
  head: boolean,
  response: ServerResponse,
): Promise<void> {
  const file = resolveStaticPath(rendererDir, urlPath);
  if (!file) return sendText(response, 404, 'Introuvable.');
  let info;
  try {
    info = await stat(file);
  } catch {
    if (urlPath === '/' || urlPath === '/index.html') return sendNotBuilt(response);
    return sendText(response, 404, 'Introuvable.');
  }
  if (!info.isFile()) return sendText(response, 404, 'Introuvable.');
  response.statusCode = 200;
  response.setHeader('Content-Type', MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  response.setHeader('Content-Length', info.size);
  if (head) {
    response.end();
    return;
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      response.destroy();
      done();
    });
    stream.on('end', () => done());
    stream.pipe(response);
  });
}

function sendNotBuilt(response: ServerResponse): void {
  response.statusCode = 503;
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.end(NOT_BUILT_PAGE);
}

export function sendText(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.end(text);
}
