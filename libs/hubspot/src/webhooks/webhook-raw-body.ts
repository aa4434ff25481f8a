import type { IncomingMessage } from 'node:http';

/** Why a body could not be read: HTTP status and message for the answer. */
export class RawBodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RawBodyError';
  }
}

/**
 * Reads a request body as bytes, refusing more than `limit` (413) before buffering it when
 * Content-Length announces it, and as soon as the stream passes it otherwise.
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = (req.headers['content-encoding'] ?? 'identity').toString().toLowerCase();
    if (encoding !== 'identity')
      return reject(new RawBodyError(415, `Unsupported content encoding "${encoding}"`));
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) return reject(new RawBodyError(413, 'Webhook body too large'));

    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanup();
        req.resume();
        reject(new RawBodyError(413, 'Webhook body too large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      if (!Number.isNaN(declared) && declared !== received) {
        return reject(new RawBodyError(400, 'Request size did not match Content-Length'));
      }
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new RawBodyError(400, error.message));
    };
    const onAborted = () => {
      cleanup();
      reject(new RawBodyError(400, 'Request aborted'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
