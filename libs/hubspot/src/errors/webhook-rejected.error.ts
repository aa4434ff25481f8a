/**
 * Why a webhook delivery was refused. Signature-side reasons (`unsigned`, `stale`, `untrusted-host`,
 * `bad-signature`, `replayed`) are decided before anything is stored; `malformed` and `too-large` name
 * what is wrong with the body; `unavailable` means the events could not be stored (HubSpot should retry).
 */
export type WebhookRejection =
  | 'not-configured'
  | 'unsigned'
  | 'stale'
  | 'untrusted-host'
  | 'bad-signature'
  | 'replayed'
  | 'unsupported-encoding'
  | 'malformed'
  | 'too-large'
  | 'unavailable';

/** A webhook delivery the module refused; `problems` lists what is wrong with a body (at most 20). */
export class WebhookRejectedError extends Error {
  readonly problems: string[];

  constructor(
    readonly reason: WebhookRejection,
    message: string,
    problems: string[] = [],
  ) {
    super(message);
    this.name = 'WebhookRejectedError';
    this.problems = problems.slice(0, 20);
  }
}
