import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { HubspotAuthError } from './hubspot-auth.error';
import { HubspotConflictError } from './hubspot-conflict.error';
import { HubspotMissingScopesError } from './hubspot-missing-scopes.error';
import { HubspotNotFoundError } from './hubspot-not-found.error';
import { HubspotValidationError } from './hubspot-validation.error';
import { HubspotError } from './hubspot.error';
import { ClientRateLimitedError } from './client-rate-limited.error';
import { RunConflictError, RunNotFoundError, SourceMissingError } from './run-errors';

/** The part of an Express / Fastify-compatible response the filter uses. */
interface HttpResponseLike {
  setHeader?(name: string, value: string): unknown;
  header?(name: string, value: string): unknown;
  status(code: number): { json?(body: unknown): unknown; send?(body: unknown): unknown };
}

/** Body the filter answers with: HubSpot's details, never a token. */
export interface HubspotErrorResponseBody {
  statusCode: number;
  error: string;
  message: string;
  category?: string;
  correlationId?: string;
  errors?: HubspotError['errors'];
  context?: HubspotError['context'];
  retryAfterMs?: number;
}

/** What the filter catches: HubSpot's answers, the module's own run errors and its route rate limits. */
export type MappedError =
  HubspotError | RunNotFoundError | RunConflictError | SourceMissingError | ClientRateLimitedError;

/**
 * Maps HubspotError to HTTP for the module's controllers and the host's own routes (apply it globally with
 * `app.useGlobalFilters(new HubspotExceptionFilter())` or per controller with `@UseFilters`):
 * retryable -> 503 + Retry-After; validation -> 422 with HubSpot's details; not found -> 404;
 * conflict -> 409; auth / missing scopes -> 502 (our credentials, not the caller's). The module's own run
 * errors: unknown run 404, run state conflict 409, missing host source 501; a caller over one of the
 * module's route limits: 429 + Retry-After.
 */
@Catch(HubspotError, RunNotFoundError, RunConflictError, SourceMissingError, ClientRateLimitedError)
export class HubspotExceptionFilter implements ExceptionFilter<MappedError> {
  private readonly logger = new Logger(HubspotExceptionFilter.name);

  catch(error: MappedError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpResponseLike>();
    const { status, body } = hubspotErrorToHttp(error);
    if (status >= 500 && error instanceof HubspotError) {
      this.logger.warn(
        `${error.name} (${error.status ?? 'no status'}, correlation ${error.correlationId ?? 'n/a'}): ${error.message}`,
      );
    }
    if (body.retryAfterMs !== undefined) {
      const seconds = String(Math.ceil(body.retryAfterMs / 1000));
      if (res.setHeader) res.setHeader('Retry-After', seconds);
      else res.header?.('Retry-After', seconds);
    }
    const reply = res.status(status);
    if (reply.json) reply.json(body);
    else reply.send?.(body);
  }
}

/** Pure mapping, shared by the filter and by code that answers without throwing. */
export function hubspotErrorToHttp(error: MappedError): { status: number; body: HubspotErrorResponseBody } {
  if (!(error instanceof HubspotError)) return moduleErrorToHttp(error);
  let status: number;
  if (error.retryable) status = HttpStatus.SERVICE_UNAVAILABLE;
  else if (error instanceof HubspotValidationError) status = HttpStatus.UNPROCESSABLE_ENTITY;
  else if (error instanceof HubspotNotFoundError) status = HttpStatus.NOT_FOUND;
  else if (error instanceof HubspotConflictError) status = HttpStatus.CONFLICT;
  else if (error instanceof HubspotAuthError || error instanceof HubspotMissingScopesError) {
    status = HttpStatus.BAD_GATEWAY;
  } else status = HttpStatus.BAD_GATEWAY;
  const body: HubspotErrorResponseBody = {
    statusCode: status,
    error: error.name,
    message: error.message,
    category: error.category,
    correlationId: error.correlationId,
    errors: error.errors,
    context: error.context,
  };
  if (error.retryable) body.retryAfterMs = Math.max(1_000, error.retryAfterMs ?? 1_000);
  return { status, body };
}

function moduleErrorToHttp(error: Exclude<MappedError, HubspotError>): {
  status: number;
  body: HubspotErrorResponseBody;
} {
  if (error instanceof ClientRateLimitedError) {
    const status = HttpStatus.TOO_MANY_REQUESTS;
    const body = { statusCode: status, error: error.name, message: error.message };
    return { status, body: { ...body, retryAfterMs: Math.max(1_000, error.retryAfterMs) } };
  }
  const status =
    error instanceof RunNotFoundError
      ? HttpStatus.NOT_FOUND
      : error instanceof RunConflictError
        ? HttpStatus.CONFLICT
        : HttpStatus.NOT_IMPLEMENTED;
  return { status, body: { statusCode: status, error: error.name, message: error.message } };
}
