import { shapeOf } from './body-shape';
import { ContractAnswer, ContractRequest, HeaderKind, RecordedExchange } from './contract.types';
import { sleep } from './pacer';
import { Target } from './targets';

/** Headers that matter to the module: its limiter reads the first five, its errors carry the correlation id. */
export const RECORDED_HEADERS = [
  'x-hubspot-ratelimit-max',
  'x-hubspot-ratelimit-remaining',
  'x-hubspot-ratelimit-interval-milliseconds',
  'x-hubspot-ratelimit-daily',
  'x-hubspot-ratelimit-daily-remaining',
  'x-hubspot-correlation-id',
  'retry-after',
  'content-type',
];

/** A token HubSpot has never issued, shaped like a private-app token. */
const INVALID_TOKEN = 'pat-na1-00000000-0000-0000-0000-000000000000';
const LIVE_429_RETRIES = 3;

/** Sends a case's requests to a target and reduces each answer to what is compared. */
export class Recorder {
  private lastSentAt = 0;

  constructor(
    private readonly target: Target,
    private readonly runId: string,
  ) {}

  async send(req: ContractRequest): Promise<ContractAnswer> {
    for (let attempt = 0; ; attempt++) {
      await this.pace(req);
      this.lastSentAt = Date.now();
      const answer = await this.fetch(req);
      const unexpected429 = answer.status === 429 && !req.expect429 && this.target.kind === 'hubspot';
      if (!unexpected429 || attempt >= LIVE_429_RETRIES) return answer;
      // Another integration on the account spent the window: wait it out instead of recording a 429.
      await sleep(Math.max(Number(answer.headers['retry-after'] ?? 0) * 1000, 10_000));
    }
  }

  /** Resolves once the last request this run sent has left the target's rolling window. */
  async quietWindow(): Promise<void> {
    const wait = this.lastSentAt + this.target.windowMs + 250 - Date.now();
    if (wait > 0) await sleep(wait);
  }

  record(label: string, req: ContractRequest, answer: ContractAnswer): RecordedExchange {
    const json = answer.json;
    const headers: Record<string, HeaderKind> = {};
    for (const name of RECORDED_HEADERS) headers[name] = headerKind(answer.headers[name]);
    return {
      label,
      method: req.method,
      route: this.route(req.path),
      status: answer.status,
      headers,
      category: stringOrUndefined(json?.category ?? json?.errorType),
      subCategory: stringOrUndefined(json?.subCategory),
      shape: json !== undefined ? shapeOf(json) : answer.text ? 'text' : 'no body',
    };
  }

  private async pace(req: ContractRequest): Promise<void> {
    const pacing = this.target.pacing;
    if (req.expect429) return;
    await (req.search ? pacing.search : pacing.general)?.slot();
  }

  private async fetch(req: ContractRequest): Promise<ContractAnswer> {
    const url = new URL(this.target.baseUrl + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.token(req.token ?? 'main');
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (req.tokenKey) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify({ tokenKey: this.token(req.tokenKey) });
    } else if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    const res = await fetch(url, { method: req.method, headers, body, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: Object.fromEntries(res.headers), json, text };
  }

  private token(which: NonNullable<ContractRequest['token']>): string | undefined {
    if (which === 'none') return undefined;
    if (which === 'invalid') return INVALID_TOKEN;
    const token = this.target.tokens[which];
    if (!token) throw new Error(`this target has no ${which} token`);
    return token;
  }

  /** Ids and run-specific names become placeholders, so routes compare across targets and runs. */
  private route(path: string): string {
    return path
      .split('/')
      .map((seg) => {
        if (/^\d+$/.test(seg)) return ':id';
        if (seg.toLowerCase().includes(this.runId.replace(/-/g, '_')) || seg.includes(this.runId))
          return ':name';
        return seg;
      })
      .join('/');
  }
}

function headerKind(value: string | undefined): HeaderKind {
  if (value === undefined) return 'absent';
  if (/^-?\d+(\.\d+)?$/.test(value.trim())) return 'number';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim())) return 'uuid';
  if (/^[\w.+-]+\/[\w.+-]+/.test(value)) return `media:${value.split(';')[0].trim().toLowerCase()}`;
  return 'string';
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
