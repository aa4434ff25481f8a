import {
  CanActivate,
  ExecutionContext,
  Injectable,
  Logger,
  Type,
  UnauthorizedException,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { isObservable, lastValueFrom } from 'rxjs';
import { HubspotConfig } from '../config/hubspot.config';
import { InjectHubspotConfig } from '../config/inject-hubspot-config.decorator';
import { AdminToken } from './admin-token';
import { ConsoleRequest } from './console/console-http.types';
import { consoleSessionOf } from './console/console-session.check';
import { ConsoleSessionStore } from './console/console-session.store';

/**
 * Guards the admin routes. With `admin.guard` set, the host's guard decides. Otherwise the request must carry
 * `Authorization: Bearer <admin.token>` (compared in constant time); with neither configured every request
 * is refused, so the admin surface is never open by accident. With `admin.console` on, a signed-in console
 * browser is let in too (its session cookie, plus the session's CSRF token on unsafe requests; the host's
 * guard still decides when there is one): the console speaks this same API.
 */
@Injectable()
export class HubspotAdminGuard implements CanActivate {
  private readonly logger = new Logger(HubspotAdminGuard.name);
  private readonly token: AdminToken;
  private hostGuard?: Promise<CanActivate>;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly moduleRef: ModuleRef,
    private readonly sessions: ConsoleSessionStore,
  ) {
    this.token = new AdminToken(config.admin.token);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    const session = this.config.admin.console ? await consoleSessionOf(req, this.sessions) : null;
    if (this.config.admin.guard) {
      const guard = await (this.hostGuard ??= this.resolveHostGuard());
      const verdict = guard.canActivate(context);
      if (!(isObservable(verdict) ? await lastValueFrom(verdict) : await verdict)) return false;
    } else if (!session) {
      const header = req.headers.authorization;
      const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
      if (!match || !this.token.matches(match[1])) {
        throw new UnauthorizedException('A valid admin bearer token is required');
      }
    }
    if (session) req.consoleSession = session;
    return true;
  }

  private async resolveHostGuard(): Promise<CanActivate> {
    const option = this.config.admin.guard!;
    if (typeof option !== 'function') return option;
    const type = option as Type<CanActivate>;
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      this.logger.debug(`${type.name} is not a provider; creating it with DI`);
      return this.moduleRef.create(type);
    }
  }
}
