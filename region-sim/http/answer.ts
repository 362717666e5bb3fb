/** What a route handler answers; the server turns it into bytes (or drops it, for fault injection). */
export interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; serialised with the content type below. */
  json?: unknown;
  /** Raw body (photos). */
  raw?: Buffer;
  contentType?: string;
}

export function jsonAnswer(status: number, json: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return { status, json, headers, contentType: 'application/json' };
}

export function emptyAnswer(status: number, headers: Record<string, string> = {}): HttpAnswer {
  return { status, headers };
}
