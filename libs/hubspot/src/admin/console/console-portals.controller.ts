import { Controller, Get, Type } from '@nestjs/common';
import { ConsoleApi } from './console-api.decorator';
import { PortalOverviewService, PortalsOverview } from './portal-overview.service';

/** The console's portals page: budget over the last hour, daily budget and reset, backlog, parked work, OAuth. */
@ConsoleApi()
export class ConsolePortalsController {
  constructor(private readonly overview: PortalOverviewService) {}

  @Get('portals')
  portals(): Promise<PortalsOverview> {
    return this.overview.overview();
  }
}

export function consolePortalsControllerAt(path: string): Type {
  class MountedConsolePortalsController extends ConsolePortalsController {}
  Controller(path)(MountedConsolePortalsController);
  return MountedConsolePortalsController;
}
