import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotAdminGuard } from '../hubspot-admin.guard';
import { sessionIdOf } from './console-cookie';
import { ConsoleRequest } from './console-http.types';
import { ConsoleSessionStore } from './console-session.store';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Guards the console behind a signed-in session: 401 without one. Every unsafe request (POST, ...) must also
 * carry the session's CSRF token in the X-CSRF-Token header, else 403. With a host guard (`admin.guard`) the
 * host still decides on every request, so signing out of the host's app closes the console too.
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
    const session = await this.sessions.find(sessionIdOf(req));
    if (!session) throw new UnauthorizedException('Sign in to the HubSpot console first');
    if (
      !SAFE_METHODS.has(req.method.toUpperCase()) &&
      !sameToken(req.headers[CSRF_HEADER], session.csrfToken)
    ) {
      throw new ForbiddenException('Missing or wrong CSRF token (header X-CSRF-Token)');
    }
    if (this.config.admin.guard && !(await this.adminGuard.canActivate(context))) return false;
    req.consoleSession = session;
    return true;
  }
}

function sameToken(presented: string | string[] | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
