import { ConfigurableModuleBuilder } from '@nestjs/common';
import { HubspotModuleExtras, HubspotModuleOptions } from './config/hubspot.options';

export const {
  ConfigurableModuleClass: HubspotConfigurableModule,
  MODULE_OPTIONS_TOKEN: HUBSPOT_MODULE_OPTIONS,
  OPTIONS_TYPE: HUBSPOT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: HUBSPOT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<HubspotModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras<HubspotModuleExtras>({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
