import { Inject } from '@nestjs/common';
import { HUBSPOT_CONFIG } from './hubspot.constants';

/** Injects the module's resolved configuration (`HubspotConfig`: the options with every default applied). */
export const InjectHubspotConfig = (): PropertyDecorator & ParameterDecorator => Inject(HUBSPOT_CONFIG);
