import { OAuthService } from '../core/oauth-service';
import { OAuthApp } from '../core/oauth.types';
import { OAuthAppOptions, WebhookConfig } from '../emulator.options';
import { EmulatorState } from '../emulator.state';
import { ResolvedWebhookConfig } from '../webhooks/webhook-config';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { DeliveryRecord } from '../webhooks/webhook-sender';

export type PublicWebhookConfig = Omit<ResolvedWebhookConfig, 'clientSecret'>;

/** Control methods for webhook delivery and OAuth. */
export class ControlExtensions {
  constructor(
    protected readonly state: EmulatorState,
    protected readonly oauth: OAuthService,
    protected readonly dispatcher: WebhookDispatcher,
  ) {}

  /** Configures (and enables) webhook delivery; returns the resolved configuration without the secret. */
  webhooks(config: WebhookConfig): PublicWebhookConfig {
    this.dispatcher.configure(config);
    return this.dispatcher.config()!;
  }

  webhookConfig(): PublicWebhookConfig | undefined {
    return this.dispatcher.config();
  }

  deliveries(): DeliveryRecord[] {
    return this.dispatcher.deliveries();
  }

  /** Waits until every queued webhook batch was delivered or gave up. */
  waitForWebhooks(timeoutMs?: number): Promise<void> {
    return this.dispatcher.idle(timeoutMs);
  }

  oauthApps(app: OAuthAppOptions): Omit<OAuthApp, 'clientSecret'> {
    const { clientSecret: _secret, ...rest } = this.oauth.addApp(app);
    return rest;
  }

  listOAuthApps(): Array<Omit<OAuthApp, 'clientSecret'>> {
    return this.oauth.listApps();
  }

  /** The portal the next authorize request installs into (one-shot). */
  oauthNextPortal(portalId: number): void {
    this.oauth.setNextPortal(Number(portalId));
  }

  revokeRefreshToken(refreshToken: string): boolean {
    return this.oauth.revokeRefreshToken(refreshToken);
  }

  /** Expires an access token, or every OAuth access token of a portal, right now. */
  expireAccessTokens(match: { accessToken?: string; portalId?: number }): number {
    return this.oauth.expireAccessTokens(match, Date.now());
  }

  /** Stops background work (webhook timers, in-flight deliveries). */
  shutdown(): Promise<void> {
    return this.dispatcher.stop();
  }

  protected webhookStats(): {
    batchesSent: number;
    eventsSent: number;
    failedAttempts: number;
    pendingEvents: number;
  } {
    return { ...this.dispatcher.counters, pendingEvents: this.dispatcher.pendingCount() };
  }
}
