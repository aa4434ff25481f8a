import type { IncomingMessage } from 'node:http';
import { WebhookRejectedError } from '../errors/webhook-rejected.error';

/**
 * Reads a request body as bytes, refusing more than `limit` (`too-large`) before buffering it when
 * Content-Length announces it, and as soon as the stream passes it otherwise.
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = (req.headers['content-encoding'] ?? 'identity').toString().toLowerCase();
    if (encoding !== 'identity') {
      return reject(
        new WebhookRejectedError('unsupported-encoding', `Unsupported content encoding "${encoding}"`),
      );
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) return reject(tooLarge(limit));

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
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      if (!Number.isNaN(declared) && declared !== received) {
        return reject(new WebhookRejectedError('malformed', 'Request size did not match Content-Length'));
      }
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new WebhookRejectedError('malformed', `Request could not be read (${error.message})`));
    };
    const onAborted = () => {
      cleanup();
      reject(new WebhookRejectedError('malformed', 'Request aborted'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

function tooLarge(limit: number): WebhookRejectedError {
  return new WebhookRejectedError('too-large', `Webhook body too large (over ${limit} bytes)`);
}
