import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { appEnvConfig, AppEnvConfig } from '../config/app-env.config';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [MetricsController] })
export class MetricsModule implements OnModuleInit {
  constructor(@Inject(appEnvConfig.KEY) private readonly env: AppEnvConfig) {}

  onModuleInit(): void {
    // Once per process: the default registry is global.
    if (this.env.METRICS_ENABLED && !register.getSingleMetric('process_cpu_user_seconds_total')) {
      collectDefaultMetrics();
    }
  }
}
