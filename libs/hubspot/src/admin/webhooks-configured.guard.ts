import { CanActivate, Injectable, NotFoundException } from '@nestjs/common';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';

/**
 * Answers 404 on the webhook-event admin routes when the module has no `webhooks` options: no events are
 * received then, and an empty list would look like a healthy, quiet integration. Runs after the admin guard,
 * so unauthenticated callers still get 401 and learn nothing about the configuration.
 */
@Injectable()
export class WebhooksConfiguredGuard implements CanActivate {
  constructor(@InjectHubspotConfig() private readonly config: HubspotConfig) {}

  canActivate(): boolean {
    if (!this.config.webhooks) {
      throw new NotFoundException(
        'HubSpot webhooks are not configured (set the `webhooks` options of HubspotModule)',
      );
    }
    return true;
  }
}
