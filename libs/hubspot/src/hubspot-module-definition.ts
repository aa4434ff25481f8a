import { ConfigurableModuleBuilder } from '@nestjs/common';
import { HUBSPOT_MODULE_OPTIONS } from './config/hubspot.constants';
import { HUBSPOT_MODULE_EXTRAS, HubspotModuleExtras, HubspotModuleOptions } from './config/hubspot.options';
import { assembleHubspotModule } from './hubspot-module.assembly';

export const {
  ConfigurableModuleClass: HubspotConfigurableModule,
  OPTIONS_TYPE: HUBSPOT_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: HUBSPOT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<HubspotModuleOptions>({
  moduleName: 'Hubspot',
  optionsInjectionToken: HUBSPOT_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setExtras<HubspotModuleExtras>(HUBSPOT_MODULE_EXTRAS, assembleHubspotModule)
  .build();
