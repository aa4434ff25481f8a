import { Controller, Get, Header, Inject, NotFoundException } from '@nestjs/common';
import { register } from 'prom-client';
import { appEnvConfig, AppEnvConfig } from '../config/app-env.config';

/** Prometheus scrape endpoint: the process's default metrics plus the HubSpot module's (same registry). */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(appEnvConfig.KEY) private readonly env: AppEnvConfig) {}

  @Get()
  @Header('Content-Type', register.contentType)
  async metrics(): Promise<string> {
    if (!this.env.METRICS_ENABLED) throw new NotFoundException();
    return register.metrics();
  }
}
