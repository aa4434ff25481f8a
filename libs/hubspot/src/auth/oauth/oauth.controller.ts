import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Query,
  Redirect,
  Res,
  ServiceUnavailableException,
  Type,
} from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotError } from '../../errors/hubspot.error';
import { OAuthInstallService } from './oauth-install.service';
import { OAuthStateError } from './oauth-state.signer';

/** Express and Fastify replies both have these. */
interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
}

/** The install and callback routes under `path` (the module's `oauthPath` extra). */
export function oauthControllerAt(path: string): Type {
  @Controller(path)
  class HubspotOAuthController {
    constructor(
      private readonly install: OAuthInstallService,
      @InjectHubspotConfig() private readonly config: HubspotConfig,
    ) {}

    /** "Connect HubSpot": 302 to HubSpot's authorize page with scopes and a signed, expiring state. */
    @Get('install')
    @Redirect()
    start(@Query('returnTo') returnTo?: string): { url: string; statusCode: number } {
      this.assertEnabled();
      return { url: this.install.authorizeUrl(returnTo), statusCode: 302 };
    }

    /** HubSpot sends the browser back here with `code` (or `error`) and our `state`. */
    @Get('callback')
    async callback(
      @Query('code') code: string | undefined,
      @Query('state') state: string | undefined,
      @Query('error') error: string | undefined,
      @Res({ passthrough: true }) reply: ReplyLike,
    ): Promise<{ portalId: number; installed: true } | undefined> {
      this.assertEnabled();
      if (error) throw new BadRequestException(`HubSpot did not authorize the install (${safeWord(error)})`);
      if (!code) throw new BadRequestException('Missing authorization code');
      try {
        const result = await this.install.complete(code, state);
        const target = result.returnTo ?? this.config.auth.successRedirect;
        if (!target) return { portalId: result.portalId, installed: true };
        const sep = target.includes('?') ? '&' : '?';
        reply.status(302).header('Location', `${target}${sep}portalId=${result.portalId}`);
        return undefined;
      } catch (err) {
        if (err instanceof OAuthStateError)
          throw new BadRequestException(`Invalid install state (${err.reason})`);
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

function safeWord(value: string): string {
  return value.replace(/[^a-z0-9_.-]/gi, '').slice(0, 64);
}
