import {
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Type,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from './openapi.decorators';
import { HubspotWebhookEventEntity } from '../webhooks/webhook-event.entity';
import { WebhookEventCounts, WebhookEventsService } from '../webhooks/webhook-events.service';
import {
  ListWebhookEventsQueryDto,
  ReplayFailedWebhookEventsDto,
  WebhookEventCountsDto,
  WebhookEventIdParamDto,
  WebhookEventPageDto,
  WebhookEventsReplayResultDto,
  WebhookEventViewDto,
} from './dto/webhook-events.dto';
import { AdminBody, AdminQuery } from './admin-input.decorators';
import { redactSecrets } from './redact-secrets';
import { HubspotAdminApi } from './hubspot-admin-api.decorator';
import { WebhooksConfiguredGuard } from './webhooks-configured.guard';

const DEFAULT_LIMIT = 50;

/** Operators' view of received webhook events: list, count, inspect, replay one or every failed one. */
@HubspotAdminApi(WebhooksConfiguredGuard)
@ApiNotFoundResponse({ description: 'Webhooks are not configured, or no such event' })
export class HubspotAdminWebhookEventsController {
  constructor(private readonly events: WebhookEventsService) {}

  @Get('webhook-events')
  @ApiOperation({ summary: 'List received webhook events, newest first (cursor: beforeId)' })
  @ApiOkResponse({ type: WebhookEventPageDto })
  @ApiBadRequestResponse({ description: 'Invalid filter' })
  async list(
    @AdminQuery() query: ListWebhookEventsQueryDto,
  ): Promise<{ items: HubspotWebhookEventEntity[]; nextBeforeId: string | null }> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const items = (await this.events.list({ ...query, limit })).map(redacted);
    return { items, nextBeforeId: items.length === limit ? items[items.length - 1].id : null };
  }

  @Get('webhook-events/counts')
  @ApiOperation({ summary: 'How many stored events are in each status' })
  @ApiOkResponse({ type: WebhookEventCountsDto })
  counts(): Promise<WebhookEventCounts> {
    return this.events.counts();
  }

  @Get('webhook-events/:id')
  @ApiOperation({ summary: 'One stored event with its payload, attempts and last error' })
  @ApiOkResponse({ type: WebhookEventViewDto })
  async get(@Param() { id }: WebhookEventIdParamDto): Promise<HubspotWebhookEventEntity> {
    return redacted(await this.found(id));
  }

  @Post('webhook-events/replay-failed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replay every failed event (optionally of one portal), up to limit' })
  @ApiOkResponse({ type: WebhookEventsReplayResultDto })
  @ApiBadRequestResponse({ description: 'Invalid body' })
  async replayFailed(@AdminBody() body: ReplayFailedWebhookEventsDto): Promise<WebhookEventsReplayResultDto> {
    return { replayed: await this.events.replayFailed(body.portalId, body.limit) };
  }

  @Post('webhook-events/:id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replay one event (a failed one skips the handlers that already succeeded)' })
  @ApiOkResponse({ type: WebhookEventsReplayResultDto })
  @ApiConflictResponse({ description: 'The event is still pending' })
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

export function adminWebhookEventsControllerAt(path: string): Type {
  class MountedHubspotAdminWebhookEventsController extends HubspotAdminWebhookEventsController {}
  Controller(path)(MountedHubspotAdminWebhookEventsController);
  return MountedHubspotAdminWebhookEventsController;
}

/** The event as stored, with anything in its payload that looks like a credential masked. */
function redacted(row: HubspotWebhookEventEntity): HubspotWebhookEventEntity {
  return { ...row, payload: redactSecrets(row.payload) as HubspotWebhookEventEntity['payload'] };
}
