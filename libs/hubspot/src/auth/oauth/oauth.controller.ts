import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Query,
  Redirect,
  Req,
  Res,
  ServiceUnavailableException,
  Type,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { DatabaseErrorFilter } from '../../errors/database-error.filter';
import { HubspotExceptionFilter } from '../../errors/hubspot-exception.filter';
import { HubspotError } from '../../errors/hubspot.error';
import { OAuthReturnToError } from '../../errors/oauth-return-to.error';
import { OAuthStateError } from '../../errors/oauth-state.error';
import { clearedInstallCookie, installCookie, readInstallCookie } from './oauth-install.cookie';
import { OAuthInstallService } from './oauth-install.service';
import { OAuthRateLimitGuard } from './oauth-rate-limit.guard';
import { withPortalId } from './oauth-return-to';

/** Express and Fastify replies both have these. */
interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
}

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The install and callback routes under `path` (the module's `oauthPath` extra). Both are rate-limited per
 * client address; the 429 (with Retry-After) comes from HubspotExceptionFilter, and a database failure is
 * answered without its SQL (DatabaseErrorFilter).
 */
export function oauthControllerAt(path: string): Type {
  @Controller(path)
  @UseGuards(OAuthRateLimitGuard)
  @UseFilters(HubspotExceptionFilter, DatabaseErrorFilter)
  class HubspotOAuthController {
    constructor(
      private readonly install: OAuthInstallService,
      @InjectHubspotConfig() private readonly config: HubspotConfig,
    ) {}

    /**
     * "Connect HubSpot": 302 to HubSpot's authorize page with scopes and a signed, expiring state, and an
     * install cookie that ties the state to this browser.
     */
    @Get('install')
    @Redirect()
    start(
      @Query('returnTo') returnTo: unknown,
      @Res({ passthrough: true }) reply: ReplyLike,
    ): { url: string; statusCode: number } {
      this.assertEnabled();
      try {
        const { url, browserNonce } = this.install.start(returnTo);
        reply.header('Set-Cookie', installCookie(browserNonce, this.install.cookieScope));
        return { url, statusCode: 302 };
      } catch (err) {
        if (err instanceof OAuthReturnToError) throw new BadRequestException(err.message);
        throw err;
      }
    }

    /** HubSpot sends the browser back here with `code` (or `error`) and our `state`. */
    @Get('callback')
    async callback(
      @Query('code') code: unknown,
      @Query('state') state: unknown,
      @Query('error') error: unknown,
      @Req() req: RequestLike,
      @Res({ passthrough: true }) reply: ReplyLike,
    ): Promise<{ portalId: number; installed: true } | undefined> {
      this.assertEnabled();
      // The cookie has done its job whatever happens next.
      reply.header('Set-Cookie', clearedInstallCookie(this.install.cookieScope));
      if (error !== undefined)
        throw new BadRequestException(`HubSpot did not authorize the install (${safeWord(error)})`);
      if (typeof code !== 'string' || !code) throw new BadRequestException('Missing authorization code');
      if (state !== undefined && typeof state !== 'string')
        throw new BadRequestException('Invalid install state');
      try {
        const result = await this.install.complete(code, state, readInstallCookie(req.headers.cookie));
        const target = result.returnTo ?? this.config.auth.successRedirect;
        if (!target) return { portalId: result.portalId, installed: true };
        reply.status(302).header('Location', withPortalId(target, result.portalId));
        return undefined;
      } catch (err) {
        if (err instanceof OAuthStateError)
          throw new BadRequestException(`Invalid install state (${err.reason})`);
        if (err instanceof OAuthReturnToError) throw new BadRequestException(err.message);
        if (err instanceof HubspotError && err.disposition === 'fail') {
          throw new BadRequestException(
            `HubSpot refused the authorization code (${err.category ?? err.status})`,
          );
        }
        if (err instanceof HubspotError)
          throw new ServiceUnavailableException('HubSpot is unavailable; try again');
        throw err;
      }
    }

    private assertEnabled(): void {
      if (!this.install.enabled) throw new NotFoundException('OAuth is not enabled (auth.type is not oauth)');
    }
  }
  return HubspotOAuthController;
}

function safeWord(value: unknown): string {
  return String(value)
    .replace(/[^a-z0-9_.-]/gi, '')
    .slice(0, 64);
}
