import { HubspotHealthIndicator } from '@app/hubspot';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

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

  /** Readiness with details: database, HubSpot (reachable, authorised, budget), queues and dead letters. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2_000 }),
      () => this.hubspot.isHealthy('hubspot', { maxBacklog: 50_000 }),
    ]);
  }
}
