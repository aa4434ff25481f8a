import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { HubspotWebhookEventDto } from './webhook-event.dto';
import { HubspotWebhookEvent } from './webhook-event.types';

/** A delivery that is not a JSON array of well-formed events (answered with 400). */
export class WebhookPayloadError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid webhook payload: ${problems.slice(0, 5).join('; ')}`);
    this.name = 'WebhookPayloadError';
  }
}

/** Parses and validates a delivery's raw body; throws WebhookPayloadError naming what is wrong. */
export function parseWebhookEvents(raw: Buffer | string): HubspotWebhookEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    throw new WebhookPayloadError(['body is not valid JSON']);
  }
  if (!Array.isArray(body)) throw new WebhookPayloadError(['body must be a JSON array of events']);
  if (body.length === 0) throw new WebhookPayloadError(['body must contain at least one event']);

  const problems: string[] = [];
  const events = body.map((item: unknown, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(`[${index}] must be an object`);
      return undefined;
    }
    const plain = { ...(item as Record<string, unknown>) };
    plain.subscriptionType ??= plain.eventType;
    const dto = plainToInstance(HubspotWebhookEventDto, plain);
    for (const error of validateSync(dto, { forbidUnknownValues: false })) {
      problems.push(`[${index}].${error.property}: ${Object.keys(error.constraints ?? {}).join(', ')}`);
    }
    return plain as unknown as HubspotWebhookEvent;
  });
  if (problems.length) throw new WebhookPayloadError(problems);
  return events as HubspotWebhookEvent[];
}
