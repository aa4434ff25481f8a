import { HubspotModule } from '@app/hubspot';
import { BullModule } from '@nestjs/bull';
import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CorrelationIdMiddleware } from './common/correlation-id.middleware';
import { CrmEventsModule } from './crm-events/crm-events.module';
import { appEnvConfig, AppEnvConfig } from './config/app-env.config';
import { hubspotOptionsFactory } from './config/hubspot-options.factory';
import { typeOrmOptions } from './database/typeorm.options';
import { HealthModule } from './health/health.module';
import { HUBSPOT_TARGET } from './hubspot-target/hubspot-target';
import { HubspotTargetModule } from './hubspot-target/hubspot-target.module';
import { MetricsModule } from './metrics/metrics.module';
import { UsersModule } from './users/users.module';

/**
 * The example monolith: its own config, database, Bull and scheduler, and HubSpot dropped in as one module.
 * The CLI (src/cli.ts) boots this same module as an application context.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [appEnvConfig] }),
    HubspotTargetModule,
    TypeOrmModule.forRootAsync({ inject: [appEnvConfig.KEY], useFactory: typeOrmOptions }),
    BullModule.forRootAsync({
      inject: [appEnvConfig.KEY],
      useFactory: (env: AppEnvConfig) => ({ redis: env.REDIS_URL, prefix: `${env.REDIS_PREFIX}:bull` }),
    }),
    ScheduleModule.forRoot(),
    HubspotModule.forRootAsync({
      isGlobal: true,
      imports: [HubspotTargetModule],
      inject: [appEnvConfig.KEY, HUBSPOT_TARGET],
      useFactory: hubspotOptionsFactory,
    }),
    UsersModule,
    CrmEventsModule,
    HealthModule,
    MetricsModule,
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationIdMiddleware).forRoutes('{*splat}');
  }
}
