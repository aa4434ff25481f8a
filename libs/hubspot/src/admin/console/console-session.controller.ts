import { Controller, HttpCode, Post, Req, Res, Type, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '../openapi.decorators';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { adminBasePath, consoleBasePath } from './console-base-path';
import { clearSessionCookie, sessionIdOf, setSessionCookie } from './console-cookie';
import { ConsoleEnabledGuard } from './console-enabled.guard';
import { ConsoleRequest, ConsoleResponse } from './console-http.types';
import { ConsoleSessionGuard } from './console-session.guard';
import { ConsoleSessionStore } from './console-session.store';
import { ConsoleSignInGuard } from './console-sign-in.guard';
import { ConsoleSignInPageFilter } from './console-sign-in-page.filter';

/** Signing in (a form post: the admin token, or the host's guard) and out. */
@ApiExcludeController()
@UseGuards(ConsoleEnabledGuard)
export class ConsoleSessionController {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly sessions: ConsoleSessionStore,
  ) {}

  /** A fresh session id on every sign-in; the browser goes on to the console (post/redirect/get). */
  @Post('session')
  @UseGuards(ConsoleSignInGuard)
  @UseFilters(ConsoleSignInPageFilter)
  async signIn(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const base = consoleBasePath(req);
    await this.sessions.destroy(sessionIdOf(req));
    const { id } = await this.sessions.create(this.config.admin.guard ? 'host-guard' : 'token');
    // The console speaks the admin API, so the cookie goes with requests to the whole admin path.
    setSessionCookie(req, res, adminBasePath(req), id, this.sessions.ttlMs);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, base);
  }

  @Post('session/end')
  @HttpCode(204)
  @UseGuards(ConsoleSessionGuard)
  async signOut(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    await this.sessions.destroy(sessionIdOf(req));
    clearSessionCookie(req, res, adminBasePath(req));
    res.status(204).end();
  }
}

export function consoleSessionControllerAt(path: string): Type {
  class MountedConsoleSessionController extends ConsoleSessionController {}
  Controller(path)(MountedConsoleSessionController);
  return MountedConsoleSessionController;
}
