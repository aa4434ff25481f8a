import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Type,
} from '@nestjs/common';
import { DeadLettersService } from '../../engine/dead-letters/dead-letters.service';
import { HubspotDeadLetter } from '../../engine/dead-letters/hubspot-dead-letter.entity';
import { ListDeadLettersQueryDto, ReplayDeadLettersDto, ReplayResultDto } from '../dto/dead-letters.dto';
import { ConsoleApi } from './console-api.decorator';
import { redactSecrets } from './redact-secrets';

type DeadLetterRow = Omit<HubspotDeadLetter, 'payload' | 'details'>;

/** The console's dead letters page: filter, inspect HubSpot's reason and the payload (redacted), replay. */
@ConsoleApi()
export class ConsoleDeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  /** Rows without their payloads: the list stays light, and payloads are shown one at a time, redacted. */
  @Get('dead-letters')
  async list(@Query() query: ListDeadLettersQueryDto): Promise<{ items: DeadLetterRow[]; total: number }> {
    const { items, total } = await this.deadLetters.list({ limit: 50, ...query });
    return { items: items.map(({ payload: _p, details: _d, ...row }) => row), total };
  }

  @Get('dead-letters/:id')
  async get(@Param('id', ParseIntPipe) id: number): Promise<HubspotDeadLetter> {
    const row = await this.found(id);
    return {
      ...row,
      payload: redactSecrets(row.payload) as HubspotDeadLetter['payload'],
      details: redactSecrets(row.details) as HubspotDeadLetter['details'],
    };
  }

  @Post('dead-letters/replay')
  @HttpCode(200)
  async replayAll(@Body() body: ReplayDeadLettersDto): Promise<ReplayResultDto> {
    return { replayed: await this.deadLetters.replayAll(body) };
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(200)
  async replay(@Param('id', ParseIntPipe) id: number): Promise<ReplayResultDto> {
    const row = await this.found(id);
    if (row.status === 'resolved') throw new ConflictException(`Dead letter ${id} is already resolved`);
    return { replayed: (await this.deadLetters.replay(id)) ? 1 : 0 };
  }

  private async found(id: number): Promise<HubspotDeadLetter> {
    const row = await this.deadLetters.inspect(id);
    if (!row) throw new NotFoundException(`Dead letter ${id} does not exist`);
    return row;
  }
}

export function consoleDeadLettersControllerAt(path: string): Type {
  class MountedConsoleDeadLettersController extends ConsoleDeadLettersController {}
  Controller(path)(MountedConsoleDeadLettersController);
  return MountedConsoleDeadLettersController;
}
