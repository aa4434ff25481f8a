import { PolicyName } from './rate-limiter';

export interface EmulatorStats {
  total: number;
  requests: Record<string, Record<string, number>>;
  rateLimited: Record<PolicyName, number>;
  maxInAnyWindow: Record<string, number>;
  oauth: { refreshGrants: Record<string, number>; authorizationCodeGrants: Record<string, number> };
  webhooks: { batchesSent: number; eventsSent: number; failedAttempts: number; pendingEvents: number };
  faultsApplied: number;
}

/** Request counters by route and status, 429s by policy, OAuth grants per portal. */
export class StatsRecorder {
  total = 0;
  requests: Record<string, Record<string, number>> = {};
  rateLimited: Record<PolicyName, number> = { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 };
  refreshGrants: Record<string, number> = {};
  codeGrants: Record<string, number> = {};
  faultsApplied = 0;

  record(route: string, status: number | string): void {
    this.total++;
    const byStatus = this.requests[route] ?? (this.requests[route] = {});
    const key = String(status);
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }

  rateLimit(policy: PolicyName): void {
    this.rateLimited[policy]++;
  }

  grant(kind: 'refresh_token' | 'authorization_code', portalId: number): void {
    const map = kind === 'refresh_token' ? this.refreshGrants : this.codeGrants;
    map[String(portalId)] = (map[String(portalId)] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.requests = {};
    this.rateLimited = { TEN_SECONDLY_ROLLING: 0, SECONDLY: 0, DAILY: 0 };
    this.refreshGrants = {};
    this.codeGrants = {};
    this.faultsApplied = 0;
  }
}
