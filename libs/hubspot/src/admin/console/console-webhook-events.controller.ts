import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Type,
} from '@nestjs/common';
import { HubspotWebhookEventEntity } from '../../webhooks/webhook-event.entity';
import { WebhookEventCounts, WebhookEventsService } from '../../webhooks/webhook-events.service';
import {
  ListWebhookEventsQueryDto,
  ReplayFailedWebhookEventsDto,
  WebhookEventIdParamDto,
  WebhookEventsReplayResultDto,
} from '../dto/webhook-events.dto';
import { WebhooksConfiguredGuard } from '../webhooks-configured.guard';
import { ConsoleApi } from './console-api.decorator';
import { redactSecrets } from './redact-secrets';

/** The console's webhook events page: counts by status, the failed ones with their error, replay. */
@ConsoleApi(WebhooksConfiguredGuard)
export class ConsoleWebhookEventsController {
  constructor(private readonly events: WebhookEventsService) {}

  @Get('webhook-events/counts')
  counts(): Promise<WebhookEventCounts> {
    return this.events.counts();
  }

  @Get('webhook-events')
  async list(
    @Query() query: ListWebhookEventsQueryDto,
  ): Promise<{ items: Array<Omit<HubspotWebhookEventEntity, 'payload'>>; nextBeforeId: string | null }> {
    const limit = query.limit ?? 50;
    const items = await this.events.list({ ...query, limit });
    return {
      items: items.map(({ payload: _payload, ...row }) => row),
      nextBeforeId: items.length === limit ? items[items.length - 1].id : null,
    };
  }

  @Get('webhook-events/:id')
  async get(@Param() { id }: WebhookEventIdParamDto): Promise<HubspotWebhookEventEntity> {
    const row = await this.found(id);
    return { ...row, payload: redactSecrets(row.payload) as HubspotWebhookEventEntity['payload'] };
  }

  @Post('webhook-events/replay-failed')
  @HttpCode(200)
  async replayFailed(@Body() body: ReplayFailedWebhookEventsDto): Promise<WebhookEventsReplayResultDto> {
    return { replayed: await this.events.replayFailed(body.portalId, body.limit) };
  }

  @Post('webhook-events/:id/replay')
  @HttpCode(200)
  async replay(@Param() { id }: WebhookEventIdParamDto): Promise<WebhookEventsReplayResultDto> {
    const row = await this.found(id);
    if (row.status === 'pending') throw new ConflictException(`Webhook event ${id} is still pending`);
    return { replayed: await this.events.replay([id]) };
  }

  private async found(id: string): Promise<HubspotWebhookEventEntity> {
    const row = await this.events.get(id);
    if (!row) throw new NotFoundException(`Webhook event ${id} does not exist`);
    return row;
  }
}

export function consoleWebhookEventsControllerAt(path: string): Type {
  class MountedConsoleWebhookEventsController extends ConsoleWebhookEventsController {}
  Controller(path)(MountedConsoleWebhookEventsController);
  return MountedConsoleWebhookEventsController;
}
