import { ResolvedWebhookConfig } from './webhook-config';
import { WebhookEvent } from './webhook-payload';
import { signatureV1, signatureV2, signatureV3 } from './webhook-signature';

export interface DeliveryRecord {
  id: number;
  portalId: number;
  attemptNumber: number;
  status: number | null;
  ok: boolean;
  error?: string;
  eventCount: number;
  eventIds: number[];
  subscriptionTypes: string[];
  startedAt: string;
  durationMs: number;
}

/** One signed POST of a batch; never throws (failures are recorded). */
export async function postBatch(
  cfg: ResolvedWebhookConfig,
  portalId: number,
  events: WebhookEvent[],
  attempt: number,
  id: number,
  controllers: Set<AbortController>,
): Promise<DeliveryRecord> {
  const body = JSON.stringify(events.map((e) => ({ ...e, attemptNumber: attempt })));
  const timestamp = Date.now();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon (emulator)',
  };
  if (cfg.signatures.includes('v1')) {
    headers['X-HubSpot-Signature'] = signatureV1(cfg.clientSecret, body);
    headers['X-HubSpot-Signature-Version'] = 'v1';
  }
  if (cfg.signatures.includes('v2')) {
    headers['X-HubSpot-Signature'] = signatureV2(cfg.clientSecret, 'POST', cfg.targetUrl, body);
    headers['X-HubSpot-Signature-Version'] = 'v2';
  }
  if (cfg.signatures.includes('v3')) {
    headers['X-HubSpot-Signature-v3'] = signatureV3(cfg.clientSecret, 'POST', cfg.targetUrl, body, timestamp);
    headers['X-HubSpot-Request-Timestamp'] = String(timestamp);
  }
  const controller = new AbortController();
  controllers.add(controller);
  const timer = setTimeout(
    () => controller.abort(new Error(`no answer within ${cfg.timeoutMs} ms`)),
    cfg.timeoutMs,
  );
  const record: DeliveryRecord = {
    id,
    portalId,
    attemptNumber: attempt,
    status: null,
    ok: false,
    eventCount: events.length,
    eventIds: events.map((e) => e.eventId),
    subscriptionTypes: [...new Set(events.map((e) => e.subscriptionType))],
    startedAt: new Date(timestamp).toISOString(),
    durationMs: 0,
  };
  try {
    const res = await fetch(cfg.targetUrl, { method: 'POST', headers, body, signal: controller.signal });
    await res.arrayBuffer().catch(() => undefined);
    record.status = res.status;
    record.ok = res.status >= 200 && res.status < 300;
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    record.error = cause instanceof Error ? cause.message : String(cause);
  } finally {
    clearTimeout(timer);
    controllers.delete(controller);
  }
  record.durationMs = Date.now() - timestamp;
  return record;
}
