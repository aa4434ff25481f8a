import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotConfigError } from '../../errors/hubspot-config.error';
import { loadBullBoard } from './queues-board';

/**
 * With `admin.console` on, boot fails unless the console can work: the Express platform (its queue board is
 * Bull Board's Express adapter) and the Bull Board packages installed. Better at boot than on first visit.
 */
@Injectable()
export class ConsolePlatformCheck implements OnModuleInit {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    if (!this.config.admin.console) return;
    const platform = this.adapterHost?.httpAdapter?.getType();
    if (platform && platform !== 'express') {
      throw new HubspotConfigError([
        `admin.console needs the Express platform (@nestjs/platform-express); this app runs on ${platform}`,
      ]);
    }
    loadBullBoard();
  }
}
