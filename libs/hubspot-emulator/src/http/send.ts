import { ServerResponse } from 'node:http';

/** Writes a JSON (or raw text) response with Content-Length; 204 and empty bodies have none. */
export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  text?: string,
): void {
  if (status === 204 || (body === undefined && text === undefined)) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const payload = text ?? JSON.stringify(body);
  if (!hasHeader(headers, 'content-type')) {
    headers['Content-Type'] =
      text !== undefined ? 'text/html; charset=utf-8' : 'application/json;charset=utf-8';
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(status, headers);
  res.end(payload);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return true;
  return false;
}
