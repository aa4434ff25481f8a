import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Type } from '@nestjs/common';
import { BackfillService } from '../../runs/backfill/backfill.service';
import { ReconciliationService } from '../../runs/reconciliation/reconciliation.service';
import { SyncRunView } from '../../runs/sync-run.view';
import { SyncRunsControl } from '../../runs/sync-runs.control';
import { ListRunsQueryDto } from '../dto/list-runs.query.dto';
import { StartBackfillDto } from '../dto/start-backfill.dto';
import { StartReconciliationDto } from '../dto/start-reconciliation.dto';
import { ConsoleApi } from './console-api.decorator';

/** The console's runs page: list with progress, start a backfill (or dry run) or reconciliation, control one. */
@ConsoleApi()
export class ConsoleRunsController {
  constructor(
    private readonly backfill: BackfillService,
    private readonly reconciliation: ReconciliationService,
    private readonly control: SyncRunsControl,
  ) {}

  @Get('runs')
  list(@Query() query: ListRunsQueryDto): Promise<SyncRunView[]> {
    return this.control.list({ limit: 20, ...query });
  }

  @Get('runs/:id')
  get(@Param('id', ParseIntPipe) id: number): Promise<SyncRunView> {
    return this.control.view(id);
  }

  @Post('backfills')
  @HttpCode(202)
  startBackfill(@Body() body: StartBackfillDto): Promise<SyncRunView> {
    return this.backfill.start({ ...body, requestedBy: 'console' });
  }

  @Post('reconciliations')
  @HttpCode(202)
  startReconciliation(@Body() body: StartReconciliationDto): Promise<SyncRunView> {
    return this.reconciliation.start({ ...body, requestedBy: 'console' });
  }

  @Post('runs/:id/pause')
  @HttpCode(200)
  pause(@Param('id', ParseIntPipe) id: number): Promise<SyncRunView> {
    return this.control.pause(id);
  }

  @Post('runs/:id/resume')
  @HttpCode(200)
  resume(@Param('id', ParseIntPipe) id: number): Promise<SyncRunView> {
    return this.control.resume(id);
  }

  @Post('runs/:id/cancel')
  @HttpCode(200)
  cancel(@Param('id', ParseIntPipe) id: number): Promise<SyncRunView> {
    return this.control.cancel(id);
  }
}

export function consoleRunsControllerAt(path: string): Type {
  class MountedConsoleRunsController extends ConsoleRunsController {}
  Controller(path)(MountedConsoleRunsController);
  return MountedConsoleRunsController;
}
