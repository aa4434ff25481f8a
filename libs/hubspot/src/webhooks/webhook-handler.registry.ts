import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ExternalContextCreator } from '@nestjs/core/helpers/external-context-creator';
import { HUBSPOT_WEBHOOK_HANDLER } from '../config/hubspot.constants';
import { WebhookHandlerMetadata } from './webhook-handler.decorator';
import { HubspotWebhookEvent, WebhookHandlerContext } from './webhook-event.types';

/** Context type guards and interceptors see (`context.getType() === 'hubspot-webhook'`). */
export const WEBHOOK_CONTEXT_TYPE = 'hubspot-webhook';

export interface RegisteredWebhookHandler {
  /** `Class.method`: recorded on the event once it succeeded, so a retry skips it. */
  id: string;
  types: string[];
  includeEchoes: boolean;
  invoke(event: HubspotWebhookEvent, context: WebhookHandlerContext): Promise<unknown>;
}

/** Finds `@HubspotWebhookHandler` methods on the host's providers and wraps them in Nest's execution context. */
@Injectable()
export class WebhookHandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger('HubspotWebhooks');
  private handlers: RegisteredWebhookHandler[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly contextCreator: ExternalContextCreator,
  ) {}

  onModuleInit(): void {
    const seen = new Set<string>();
    this.handlers = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const callback = instance[method];
        if (typeof callback !== 'function') continue;
        const meta = this.reflector.get<WebhookHandlerMetadata>(HUBSPOT_WEBHOOK_HANDLER, callback);
        if (!meta) continue;
        const id = `${instance.constructor.name}.${method}`;
        if (seen.has(id)) continue;
        seen.add(id);
        if (!wrapper.isDependencyTreeStatic()) {
          this.logger.warn(`${id}: request-scoped providers cannot handle webhooks; skipped`);
          continue;
        }
        const invoke = this.contextCreator.create(
          instance,
          callback as (...args: unknown[]) => unknown,
          method,
          undefined,
          undefined,
          undefined,
          undefined,
          { guards: true, interceptors: true, filters: false },
          WEBHOOK_CONTEXT_TYPE,
        );
        this.handlers.push({ id, types: meta.types, includeEchoes: !!meta.includeEchoes, invoke });
      }
    }
    if (this.handlers.length) {
      this.logger.log(
        `Webhook handlers: ${this.handlers.map((h) => `${h.id} [${h.types.join(', ')}]`).join('; ')}`,
      );
    }
  }

  /** Handlers for a subscription type: exact, `<object>.*` and `*`, in discovery order. */
  match(subscriptionType: string): RegisteredWebhookHandler[] {
    const objectWildcard = `${subscriptionType.split('.')[0]}.*`;
    return this.handlers.filter((h) =>
      h.types.some((t) => t === subscriptionType || t === objectWildcard || t === '*'),
    );
  }

  all(): readonly RegisteredWebhookHandler[] {
    return this.handlers;
  }
}
