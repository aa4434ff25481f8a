import { CanActivate, Injectable, NotFoundException } from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';

/** The console's routes exist only with `admin.console: true`; otherwise they answer 404 like any unknown path. */
@Injectable()
export class ConsoleEnabledGuard implements CanActivate {
  constructor(@InjectHubspotConfig() private readonly config: HubspotConfig) {}

  canActivate(): boolean {
    if (!this.config.admin.console) throw new NotFoundException('The HubSpot console is not enabled');
    return true;
  }
}
