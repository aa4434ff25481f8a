import { Provider, Type } from '@nestjs/common';
import { ConsoleAssets } from './console-assets';
import { ConsoleEnabledGuard } from './console-enabled.guard';
import { consolePageControllerAt } from './console-page.controller';
import { consolePortalsControllerAt } from './console-portals.controller';
import { consoleQueuesControllerAt } from './console-queues.controller';
import { consoleSessionControllerAt } from './console-session.controller';
import { ConsoleSessionGuard } from './console-session.guard';
import { ConsoleSessionStore } from './console-session.store';
import { ConsoleSignInGuard } from './console-sign-in.guard';
import { ConsolePlatformCheck } from './console-platform.check';
import { PortalOverviewService } from './portal-overview.service';
import { QueuesBoard } from './queues-board';

export const CONSOLE_PROVIDERS: Provider[] = [
  ConsoleAssets,
  ConsoleSessionStore,
  ConsoleEnabledGuard,
  ConsoleSessionGuard,
  ConsoleSignInGuard,
  PortalOverviewService,
  QueuesBoard,
  ConsolePlatformCheck,
];

/**
 * The web console under `<adminPath>/console`. Always registered with the admin routes (whether it is on is
 * only known once the options resolve); with `admin.console` off every route answers 404.
 */
export function consoleControllers(adminPath: string): Type[] {
  const base = `${adminPath.replace(/\/+$/, '')}/console`;
  return [
    consolePageControllerAt(base),
    consoleSessionControllerAt(base),
    consoleQueuesControllerAt(base),
    // What only the console shows; everything else it asks of the admin API itself.
    consolePortalsControllerAt(`${base}/api`),
  ];
}
