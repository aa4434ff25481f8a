// Deep imports, not the barrel: limiter worker processes load this too (fast start).
import { DEFAULT_API_VERSION } from '@app/hubspot/config/api-versions';
import { HubspotPaths } from '@app/hubspot/http/hubspot-paths';

/** HubSpot paths in the module's default API version, for suites that call HubSpot (the emulator) themselves. */
export const PATHS = new HubspotPaths(DEFAULT_API_VERSION);
