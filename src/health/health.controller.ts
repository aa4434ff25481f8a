import { HubspotAdminGuard, HubspotHealthIndicator } from '@app/hubspot';
import { Controller, Get, HttpStatus, Res, UseGuards } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

interface ReplyLike {
  status(code: number): unknown;
}

/**
 * Three views: liveness and readiness are open to the orchestrator and say nothing but up or down; the
 * details (HubSpot base URL, portal ids, budgets, backlog, dead letters) are for operators, behind the same
 * guard as the module's admin routes.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly hubspot: HubspotHealthIndicator,
  ) {}

  /** Liveness: the process answers. HubSpot being down must not get pods restarted. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 or 503, and no detail an anonymous caller could learn from. */
  @Get()
  async ready(@Res({ passthrough: true }) reply: ReplyLike): Promise<{ status: 'ok' | 'error' }> {
    try {
      await this.check();
      return { status: 'ok' };
    } catch {
      reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error' };
    }
  }

  /** Readiness with details: database, HubSpot (reachable, authorised, budget), queues and dead letters. */
  @Get('details')
  @UseGuards(HubspotAdminGuard)
  @HealthCheck()
  details() {
    return this.check();
  }

  private check() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2_000 }),
      () => this.hubspot.isHealthy('hubspot', { maxBacklog: 50_000 }),
    ]);
  }
}
