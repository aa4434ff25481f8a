import { ConflictException, Controller, Get, HttpCode, NotFoundException, Post, Type } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from './openapi.decorators';
import { DeadLettersService } from '../engine/dead-letters/dead-letters.service';
import { HubspotDeadLetter } from '../engine/dead-letters/hubspot-dead-letter.entity';
import {
  DeadLetterPageDto,
  DeadLetterViewDto,
  ListDeadLettersQueryDto,
  ReplayDeadLettersDto,
  ReplayResultDto,
} from './dto/dead-letters.dto';

import { AdminBody, AdminIdParam, AdminQuery, UNSIGNED_INT_MAX } from './admin-input.decorators';
import { HubspotAdminApi } from './hubspot-admin-api.decorator';
import { redactSecrets } from './redact-secrets';
/** Operators' view of writes HubSpot refused: list, inspect, replay one or all. */
@HubspotAdminApi()
export class HubspotAdminDeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get('dead-letters')
  @ApiOperation({ summary: 'List dead letters (oldest first)' })
  @ApiOkResponse({ type: DeadLetterPageDto })
  async list(
    @AdminQuery() query: ListDeadLettersQueryDto,
  ): Promise<{ items: HubspotDeadLetter[]; total: number }> {
    const { items, total } = await this.deadLetters.list(query);
    return { items: items.map(redacted), total };
  }

  @Get('dead-letters/:id')
  @ApiOkResponse({ type: DeadLetterViewDto })
  @ApiNotFoundResponse()
  async get(@AdminIdParam('id', UNSIGNED_INT_MAX) id: number): Promise<HubspotDeadLetter> {
    const row = await this.deadLetters.inspect(id);
    if (!row) throw new NotFoundException(`Dead letter ${id} does not exist`);
    return redacted(row);
  }

  @Post('dead-letters/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replay every open dead letter matching the filter' })
  @ApiOkResponse({ type: ReplayResultDto })
  async replayAll(@AdminBody() body: ReplayDeadLettersDto): Promise<ReplayResultDto> {
    return { replayed: await this.deadLetters.replayAll(body) };
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replay one dead letter through its operation' })
  @ApiOkResponse({ type: ReplayResultDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Already resolved' })
  async replay(@AdminIdParam('id', UNSIGNED_INT_MAX) id: number): Promise<ReplayResultDto> {
    const row = await this.deadLetters.inspect(id);
    if (!row) throw new NotFoundException(`Dead letter ${id} does not exist`);
    if (row.status === 'resolved') throw new ConflictException(`Dead letter ${id} is already resolved`);
    return { replayed: (await this.deadLetters.replay(id)) ? 1 : 0 };
  }
}

export function adminDeadLettersControllerAt(path: string): Type {
  class MountedHubspotAdminDeadLettersController extends HubspotAdminDeadLettersController {}
  Controller(path)(MountedHubspotAdminDeadLettersController);
  return MountedHubspotAdminDeadLettersController;
}

/** Payloads and HubSpot's details as stored, with anything that looks like a credential masked. */
function redacted(row: HubspotDeadLetter): HubspotDeadLetter {
  return {
    ...row,
    payload: redactSecrets(row.payload) as HubspotDeadLetter['payload'],
    details: redactSecrets(row.details) as HubspotDeadLetter['details'],
  };
}
