import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotAdminGuard } from '../hubspot-admin.guard';
import { ConsoleRequest } from './console-http.types';
import { consoleSessionOf } from './console-session.check';
import { ConsoleSessionStore } from './console-session.store';

/**
 * Guards the console's own routes (its pages, sign-out, Bull Board) behind a signed-in session: 401 without
 * one, 403 for an unsafe request without the session's CSRF token. With a host guard (`admin.guard`) the host
 * still decides on every request, so signing out of the host's app closes the console too.
 */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly sessions: ConsoleSessionStore,
    private readonly adminGuard: HubspotAdminGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    const session = await consoleSessionOf(req, this.sessions);
    if (!session) throw new UnauthorizedException('Sign in to the HubSpot console first');
    if (this.config.admin.guard && !(await this.adminGuard.canActivate(context))) return false;
    req.consoleSession = session;
    return true;
  }
}
