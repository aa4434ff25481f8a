import { HubspotModuleExtras } from './config/hubspot.options';

export interface ResolvedExtras {
  isGlobal: boolean;
  webhooksPath: string | false;
  adminPath: string | false;
  oauthPath: string | false;
  dataSource?: string;
}

export function resolveExtras(extras: Partial<HubspotModuleExtras> = {}): ResolvedExtras {
  return {
    isGlobal: extras.isGlobal ?? false,
    webhooksPath: extras.webhooksPath ?? 'hubspot/webhooks',
    adminPath: extras.adminPath ?? 'hubspot/admin',
    oauthPath: extras.oauthPath ?? 'hubspot/oauth',
    dataSource: extras.dataSource,
  };
}
