import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, DiscoveryService, HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { WebhookRejectedError } from '../errors/webhook-rejected.error';
import { WebhookIngestService } from './webhook-ingest.service';
import { readRawBody } from './webhook-raw-body';
import { WebhookRejectionLog } from './webhook-rejection-log';
import { webhookRejectionBody } from './webhook-rejection.status';
import { WEBHOOKS_ROUTE_PATH } from './webhooks.controller';

type Next = (error?: unknown) => void;
type RawRequest = IncomingMessage & {
  path?: string;
  originalUrl?: string;
  protocol?: string;
  body?: unknown;
  _body?: boolean;
};
interface ExpressLike {
  use(handler: (req: RawRequest, res: ServerResponse, next: Next) => void): void;
  router?: { stack?: Array<{ handle?: unknown }> };
}

const normalize = (path: string) =>
  `/${path}`
    .replace(/\/{2,}/g, '/')
    .replace(/\/+$/, '')
    .toLowerCase() || '/';

/**
 * Captures the webhook route's body as raw bytes, so the signature is checked over what HubSpot sent,
 * without touching the host's global body parsers: a middleware placed first in Express's stack reads
 * the body for this route only (the JSON parser then sees a consumed request and skips it). Before reading,
 * it lets the ingest service judge the headers: an unsigned, stale or misdirected delivery is refused
 * without its body being read.
 * With NestFactory.create the HTTP adapter exists when this provider is built, before any parser is
 * registered; with Test.createNestApplication it is attached later, so onModuleInit installs it
 * (after Nest's parsers) and moves it to the front.
 */
@Injectable()
export class WebhookRawBodyInstaller implements OnModuleInit {
  private readonly logger = new Logger('HubspotWebhooks');
  private installed = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly appConfig: ApplicationConfig,
    private readonly discovery: DiscoveryService,
    private readonly ingest: WebhookIngestService,
    private readonly rejections: WebhookRejectionLog,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {
    this.install();
  }

  onModuleInit(): void {
    this.install();
  }

  private install(): void {
    const adapter = this.adapterHost?.httpAdapter;
    const limit = this.config.webhooks?.maxBodyBytes;
    if (this.installed || !adapter || limit === undefined) return;
    const routes = this.routes();
    if (!routes.length) return;
    this.installed = true;
    if (adapter.getType() !== 'express') {
      this.logger.warn(
        'Raw webhook bodies are captured on Express only: create the app with { rawBody: true }',
      );
      return;
    }
    const app = adapter.getInstance<ExpressLike>();
    const handler = (req: RawRequest, res: ServerResponse, next: Next) => {
      if (req.method !== 'POST' || !this.matches(req, routes)) return next();
      try {
        const { method, originalUrl, url, protocol, headers } = req;
        this.ingest.precheck({ method: method ?? 'POST', originalUrl, url, protocol, headers });
      } catch (error) {
        return refuse(res, error);
      }
      readRawBody(req, limit).then(
        (body) => {
          req.body = body;
          req._body = true;
          next();
        },
        (error: unknown) => {
          if (error instanceof WebhookRejectedError) this.rejections.record(error.reason, error.message);
          refuse(res, error);
        },
      );
    };
    app.use(handler);
    const stack = app.router?.stack;
    const index = stack?.findIndex((layer) => layer.handle === handler) ?? -1;
    if (stack && index > 0) stack.unshift(...stack.splice(index, 1));
  }

  /** Paths of the module's webhooks controllers (several when several HubspotModules are registered). */
  private routes(): string[] {
    return this.discovery
      .getControllers()
      .map((wrapper) => wrapper.metatype && Reflect.getMetadata(WEBHOOKS_ROUTE_PATH, wrapper.metatype))
      .filter((path): path is string => typeof path === 'string')
      .map(normalize);
  }

  /** The global prefix is read per request: the host sets it after this provider is built. */
  private matches(req: RawRequest, routes: string[]): boolean {
    const path = normalize((req.path ?? req.url ?? '').split('?')[0]);
    const prefix = this.appConfig.getGlobalPrefix();
    return routes.some((route) => path === route || (!!prefix && path === normalize(`${prefix}${route}`)));
  }
}

/** Answers a refusal from the middleware; the connection closes so that an unread body is never parsed. */
function refuse(res: ServerResponse, error: unknown): void {
  const rejection =
    error instanceof WebhookRejectedError ? error : new WebhookRejectedError('malformed', 'Bad request');
  const body = webhookRejectionBody(rejection);
  if (res.headersSent) return;
  res.writeHead(body.statusCode, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify(body));
}
