import { Injectable, NestMiddleware } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestContext } from './request-context';

const HEADER = 'x-correlation-id';
const SAFE_ID = /^[\w.:-]{1,100}$/;

/** Accepts the caller's X-Correlation-Id (or X-Request-Id) when well-formed, else makes one; echoes it back. */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const header = req.headers[HEADER] ?? req.headers['x-request-id'];
    const given = Array.isArray(header) ? header[0] : header;
    const correlationId = given && SAFE_ID.test(given) ? given : randomUUID();
    res.setHeader(HEADER, correlationId);
    requestContext.run({ correlationId }, next);
  }
}
