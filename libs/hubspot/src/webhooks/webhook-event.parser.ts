import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { WebhookRejectedError } from '../errors/webhook-rejected.error';
import { HubspotWebhookEventDto } from './webhook-event.dto';
import { HubspotWebhookEvent } from './webhook-event.types';

/** HubSpot sends at most 100 events per request. */
export const MAX_EVENTS_PER_DELIVERY = 100;
/** HubSpot's longest property value (multi-line text) is 65,536 characters. */
export const MAX_STRING_LENGTH = 65_536;
/** An event is flat; the deepest documented field is an array of ids (`mergedObjectIds`). */
const MAX_DEPTH = 4;
const MAX_KEYS = 64;
const MAX_ARRAY = 1_000;

/**
 * Parses and validates a delivery's raw body. Throws WebhookRejectedError: `too-large` for more than 100
 * events or an oversized field, `malformed` for anything else that is not a JSON array of well-formed events.
 * The shape is bounded (depth, keys, array and string sizes) before class-transformer walks it.
 */
export function parseWebhookEvents(raw: Buffer | string): HubspotWebhookEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    throw malformed(['body is not valid JSON']);
  }
  if (!Array.isArray(body)) throw malformed(['body must be a JSON array of events']);
  if (body.length === 0) throw malformed(['body must contain at least one event']);
  if (body.length > MAX_EVENTS_PER_DELIVERY) {
    throw new WebhookRejectedError(
      'too-large',
      `A delivery holds at most ${MAX_EVENTS_PER_DELIVERY} events; this one has ${body.length}`,
    );
  }

  const problems: string[] = [];
  const events = body.map((item: unknown, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(`[${index}] must be an object`);
      return undefined;
    }
    const shape = shapeProblem(item);
    if (shape) {
      if (shape.tooLarge) throw new WebhookRejectedError('too-large', `[${index}]${shape.text}`);
      problems.push(`[${index}]${shape.text}`);
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
  if (problems.length) throw malformed(problems);
  return events as HubspotWebhookEvent[];
}

/** The first bound an event breaks, walked without recursion (a deep body cannot exhaust the stack). */
function shapeProblem(event: object): { text: string; tooLarge: boolean } | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: event, path: '', depth: 1 },
  ];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string' && value.length > MAX_STRING_LENGTH) {
      return { text: `${path} is longer than ${MAX_STRING_LENGTH} characters`, tooLarge: true };
    }
    if (!value || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) return { text: `${path} is nested deeper than an event can be`, tooLarge: false };
    const entries = Array.isArray(value)
      ? value.map((v, i) => [`[${i}]`, v] as const)
      : Object.entries(value);
    const max = Array.isArray(value) ? MAX_ARRAY : MAX_KEYS;
    if (entries.length > max)
      return { text: `${path || ' event'} has more than ${max} entries`, tooLarge: true };
    for (const [key, child] of entries) {
      stack.push({
        value: child,
        path: key.startsWith('[') ? `${path}${key}` : `${path}.${key}`,
        depth: depth + 1,
      });
    }
  }
  return undefined;
}

function malformed(problems: string[]): WebhookRejectedError {
  return new WebhookRejectedError(
    'malformed',
    `Invalid webhook payload: ${problems.slice(0, 5).join('; ')}`,
    problems,
  );
}
