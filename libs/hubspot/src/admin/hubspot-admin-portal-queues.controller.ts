import { Controller, Get, HttpCode, Post, Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from './openapi.decorators';
import { OAuthInstallService } from '../auth/oauth/oauth-install.service';
import { OAuthPortalsService } from '../auth/oauth/oauth-portals.service';
import { OAuthPortalInfo } from '../auth/oauth/oauth-token.types';
import { DispatchQueue } from '../engine/dispatch/dispatch.queue';
import { PortalBacklogReader, PortalDispatchState } from '../engine/dispatch/portal-backlog.reader';
import { OutboxRelay, OutboxStatus } from '../engine/outbox/outbox.relay';
import { AdminIdParam, UNSIGNED_INT_MAX } from './admin-input.decorators';
import { OutboxStatusDto } from './dto/outbox-status.dto';
import { PortalQueueDto } from './dto/portal-queue.dto';
import { HubspotAdminApi } from './hubspot-admin-api.decorator';

/**
 * Operators' view of each portal's queued records: backlog per lane, in flight, parked and why, budget, and the
 * outbox rows that have not reached (or not left) the queue yet.
 */
@HubspotAdminApi()
export class HubspotAdminPortalQueuesController {
  constructor(
    private readonly reader: PortalBacklogReader,
    private readonly dispatch: DispatchQueue,
    private readonly oauth: OAuthPortalsService,
    private readonly install: OAuthInstallService,
    private readonly relay: OutboxRelay,
  ) {}

  @Get('outbox')
  @ApiOperation({
    summary: "The outbox: rows not settled, not relayed yet, the oldest's age; this process's relay",
  })
  @ApiOkResponse({ type: OutboxStatusDto })
  outbox(): Promise<OutboxStatus> {
    return this.relay.status();
  }

  @Get('portals')
  @ApiOperation({
    summary:
      'Portals with queued work or outbox rows and the installed ones: backlog, outbox, budget, parked reason',
  })
  @ApiOkResponse({ type: PortalQueueDto, isArray: true })
  async list(): Promise<PortalQueueDto[]> {
    const [states, oauth] = await Promise.all([this.reader.portals(), this.oauthPortals()]);
    return states.map((s) => view(s, oauth.get(s.portalId)));
  }

  @Get('portals/:portalId')
  @ApiOperation({ summary: "One portal's queued work (empty queues for a portal without any)" })
  @ApiOkResponse({ type: PortalQueueDto })
  async get(@AdminIdParam('portalId', UNSIGNED_INT_MAX, 0) portalId: number): Promise<PortalQueueDto> {
    const [state, oauth] = await Promise.all([this.reader.portal(portalId), this.oauthPortals()]);
    return view(state, oauth.get(portalId));
  }

  @Post('portals/:portalId/resume')
  @HttpCode(200)
  @ApiOperation({
    summary: "Lift the portal's park now (after fixing the cause); its records go out at once",
  })
  @ApiOkResponse({ type: PortalQueueDto })
  async resume(@AdminIdParam('portalId', UNSIGNED_INT_MAX, 0) portalId: number): Promise<PortalQueueDto> {
    await this.dispatch.resume(portalId);
    return this.get(portalId);
  }

  private async oauthPortals(): Promise<Map<number, OAuthPortalInfo>> {
    if (!this.install.enabled) return new Map();
    return new Map((await this.oauth.list()).map((p) => [p.portalId, p]));
  }
}

function view(s: PortalDispatchState, oauth?: OAuthPortalInfo): PortalQueueDto {
  const iso = (ms?: number) => (ms === undefined ? null : new Date(ms).toISOString());
  return {
    portalId: s.portalId,
    lanes: Object.fromEntries(s.lanes.map((l) => [l.lane, l.ready])),
    ready: s.ready,
    inFlight: s.inFlight,
    oldestDueAt: iso(s.oldestDueAt),
    parked: s.parked ? { ...s.parked, until: iso(s.parked.until)! } : null,
    budget: {
      used: s.budget.used,
      max: s.budget.max,
      windowMs: s.budget.windowMs,
      usedRatio: Math.round((s.budget.used / Math.max(1, s.budget.max)) * 1000) / 1000,
      dailyRemaining: s.budget.daily?.remaining ?? null,
      dailyResetAt: iso(s.budget.daily?.resetAt),
    },
    outbox: s.outbox,
    oauth: oauth ? { status: oauth.status, statusReason: oauth.statusReason } : null,
  };
}

/** The portal queue routes mounted at `adminPath`. */
export function adminPortalQueuesControllerAt(path: string): Type {
  class MountedHubspotAdminPortalQueuesController extends HubspotAdminPortalQueuesController {}
  Controller(path)(MountedHubspotAdminPortalQueuesController);
  return MountedHubspotAdminPortalQueuesController;
}
