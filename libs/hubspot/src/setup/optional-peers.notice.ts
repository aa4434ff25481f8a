import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { optionalPeer } from '../config/optional-peer';

/**
 * Says at boot which feature an absent optional peer turns off. (A feature the host enables explicitly
 * fails the boot instead: `metrics.enabled` without prom-client.)
 */
export class OptionalPeersNotice implements OnApplicationBootstrap {
  private readonly logger = new Logger('HubspotModule');

  constructor(private readonly adminMounted: boolean) {}

  onApplicationBootstrap(): void {
    if (this.adminMounted && !optionalPeer('@nestjs/swagger')) {
      this.logger.log(
        'The admin API has no OpenAPI description: @nestjs/swagger is not installed (optional peer)',
      );
    }
  }
}
