export { HubspotReinstallRequiredError } from './hubspot-reinstall-required.error';
export { HubspotPortalNotInstalledError } from './hubspot-portal-not-installed.error';
export { HubspotPortalRequiredError } from './hubspot-portal-required.error';
