import {
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  ServiceUnavailableException,
  Type,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { OAuthInstallService } from '../auth/oauth/oauth-install.service';
import { OAuthPortalsService } from '../auth/oauth/oauth-portals.service';
import { OAuthPortalInfo } from '../auth/oauth/oauth-token.types';
import { HubspotPortalNotInstalledError } from '../errors/hubspot-portal-not-installed.error';
import { HubspotError } from '../errors/hubspot.error';
import { DatabaseErrorFilter } from '../errors/database-error.filter';
import { AdminIdParam, AdminQuery } from './admin-input.decorators';
import { ListPortalsQueryDto } from './dto/list-portals.query.dto';
import { HubspotAdminGuard } from './hubspot-admin.guard';

/** Operators' view of the installed OAuth portals: list them, disconnect one. Mounted under `oauthPath`. */
@UseGuards(HubspotAdminGuard)
@UseFilters(DatabaseErrorFilter)
export class HubspotAdminPortalsController {
  constructor(
    private readonly install: OAuthInstallService,
    private readonly portals: OAuthPortalsService,
  ) {}

  /** Installed portals (no tokens); `?status=needs_reinstall` lists the parked ones. */
  @Get()
  list(@AdminQuery() query: ListPortalsQueryDto): Promise<OAuthPortalInfo[]> {
    this.assertEnabled();
    return this.portals.list({ status: query.status });
  }

  /** Uninstall: revokes the portal's refresh token at HubSpot and forgets its tokens. */
  @Delete(':portalId')
  @HttpCode(200)
  async disconnect(
    @AdminIdParam('portalId') portalId: number,
  ): Promise<{ portalId: number; revoked: boolean }> {
    this.assertEnabled();
    try {
      return await this.portals.disconnect(portalId);
    } catch (err) {
      if (err instanceof HubspotPortalNotInstalledError) throw new NotFoundException(err.message);
      if (err instanceof HubspotError)
        throw new ServiceUnavailableException('Could not revoke at HubSpot; try again');
      throw err;
    }
  }

  private assertEnabled(): void {
    if (!this.install.enabled) throw new NotFoundException('OAuth is not enabled (auth.type is not oauth)');
  }
}

/** The portals routes mounted at `<oauthPath>/portals`. */
export function adminPortalsControllerAt(oauthPath: string): Type {
  class MountedHubspotAdminPortalsController extends HubspotAdminPortalsController {}
  Controller(`${oauthPath}/portals`)(MountedHubspotAdminPortalsController);
  return MountedHubspotAdminPortalsController;
}
