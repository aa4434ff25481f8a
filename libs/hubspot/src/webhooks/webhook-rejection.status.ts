import { HttpStatus } from '@nestjs/common';
import { WebhookRejectedError, WebhookRejection } from '../errors/webhook-rejected.error';

/** The HTTP answer to each refusal: signature-side 401, body 400/413/415, not configured 404, storage 503. */
export const WEBHOOK_REJECTION_STATUS: Record<WebhookRejection, number> = {
  'not-configured': HttpStatus.NOT_FOUND,
  unsigned: HttpStatus.UNAUTHORIZED,
  stale: HttpStatus.UNAUTHORIZED,
  'untrusted-host': HttpStatus.UNAUTHORIZED,
  'bad-signature': HttpStatus.UNAUTHORIZED,
  replayed: HttpStatus.UNAUTHORIZED,
  'unsupported-encoding': HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  malformed: HttpStatus.BAD_REQUEST,
  'too-large': HttpStatus.PAYLOAD_TOO_LARGE,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

export interface WebhookRejectionBody {
  statusCode: number;
  /** The reason (`bad-signature`, `too-large`, ...). */
  error: WebhookRejection;
  /** What is wrong: the problems of a malformed body, else one sentence. */
  message: string | string[];
}

export function webhookRejectionBody(error: WebhookRejectedError): WebhookRejectionBody {
  return {
    statusCode: WEBHOOK_REJECTION_STATUS[error.reason],
    error: error.reason,
    message: error.problems.length ? error.problems : error.message,
  };
}
