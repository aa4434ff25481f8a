import { Controller, Get, HttpCode, Post, Type } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from './openapi.decorators';
import { BackfillService } from '../runs/backfill/backfill.service';
import { ReconciliationService } from '../runs/reconciliation/reconciliation.service';
import { SyncRunView } from '../runs/sync-run.view';
import { SyncRunsControl } from '../runs/sync-runs.control';
import { ListRunsQueryDto } from './dto/list-runs.query.dto';
import { StartBackfillDto } from './dto/start-backfill.dto';
import { StartReconciliationDto } from './dto/start-reconciliation.dto';
import { SyncRunViewDto } from './dto/sync-run-view.dto';

import { AdminBody, AdminIdParam, AdminQuery, UNSIGNED_INT_MAX } from './admin-input.decorators';
import { AdminCaller } from './admin-caller.decorator';
import { HubspotAdminApi } from './hubspot-admin-api.decorator';
/** Operators' REST surface: backfills, reconciliations, runs. Mounted at `adminPath` (see adminControllers). */
@HubspotAdminApi()
export class HubspotAdminController {
  constructor(
    private readonly backfill: BackfillService,
    private readonly reconciliation: ReconciliationService,
    private readonly control: SyncRunsControl,
  ) {}

  @Post('backfills')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a backfill (or a dry run) of the host sources into HubSpot' })
  @ApiAcceptedResponse({ type: SyncRunViewDto })
  @ApiBadRequestResponse({ description: 'Invalid body' })
  @ApiConflictResponse({ description: 'A backfill of this portal is already unfinished' })
  startBackfill(
    @AdminBody() body: StartBackfillDto,
    @AdminCaller() requestedBy: 'admin' | 'console',
  ): Promise<SyncRunView> {
    return this.backfill.start({ ...body, requestedBy });
  }

  @Post('reconciliations')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a reconciliation (full, or incremental since the last one)' })
  @ApiAcceptedResponse({ type: SyncRunViewDto })
  @ApiBadRequestResponse({ description: 'Invalid body' })
  @ApiConflictResponse({ description: 'A reconciliation of this portal is already unfinished' })
  startReconciliation(
    @AdminBody() body: StartReconciliationDto,
    @AdminCaller() requestedBy: 'admin' | 'console',
  ): Promise<SyncRunView> {
    return this.reconciliation.start({ ...body, requestedBy });
  }

  @Get('runs')
  @ApiOperation({ summary: 'List runs, newest first, with progress and ETA' })
  @ApiOkResponse({ type: SyncRunViewDto, isArray: true })
  listRuns(@AdminQuery() query: ListRunsQueryDto): Promise<SyncRunView[]> {
    return this.control.list(query);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'One run with progress, ETA and report' })
  @ApiOkResponse({ type: SyncRunViewDto })
  @ApiNotFoundResponse()
  getRun(@AdminIdParam('id', UNSIGNED_INT_MAX) id: number): Promise<SyncRunView> {
    return this.control.view(id);
  }

  @Post('runs/:id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a run after its current batch (the checkpoint is kept)' })
  @ApiOkResponse({ type: SyncRunViewDto })
  @ApiConflictResponse({ description: 'The run is not queued, running or parked' })
  pause(@AdminIdParam('id', UNSIGNED_INT_MAX) id: number): Promise<SyncRunView> {
    return this.control.pause(id);
  }

  @Post('runs/:id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused run from its checkpoint' })
  @ApiOkResponse({ type: SyncRunViewDto })
  @ApiConflictResponse({ description: 'The run is not paused' })
  resume(@AdminIdParam('id', UNSIGNED_INT_MAX) id: number): Promise<SyncRunView> {
    return this.control.resume(id);
  }

  @Post('runs/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a run for good' })
  @ApiOkResponse({ type: SyncRunViewDto })
  @ApiConflictResponse({ description: 'The run has already finished' })
  cancel(@AdminIdParam('id', UNSIGNED_INT_MAX) id: number): Promise<SyncRunView> {
    return this.control.cancel(id);
  }
}

/** The admin controller mounted at `path` (a subclass per path, so the shared class stays untouched). */
export function adminControllerAt(path: string): Type {
  class MountedHubspotAdminController extends HubspotAdminController {}
  Controller(path)(MountedHubspotAdminController);
  return MountedHubspotAdminController;
}
