import { IncomingMessage } from 'node:http';
import { ApiError } from './api-error';

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses the body by content type. JSON errors become HubSpot's 400. */
export function parseBody(
  raw: string,
  contentType: string | undefined,
): { body: unknown; form?: URLSearchParams } {
  if (raw === '') return { body: undefined };
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(raw);
    return { body: Object.fromEntries(form), form };
  }
  try {
    return { body: JSON.parse(raw) };
  } catch (e) {
    const detail = e instanceof Error ? e.message : 'unparseable';
    throw new ApiError(400, 'VALIDATION_ERROR', `Invalid input JSON on line 1: ${detail}`);
  }
}
