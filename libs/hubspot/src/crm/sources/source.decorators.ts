import { DiscoveryService } from '@nestjs/core';

/**
 * Marks the host's provider that implements `ContactSource`. The module finds it by discovery, so the host
 * only lists it in one of its own modules' providers:
 *
 *   @Injectable() @HubspotContactSource()
 *   export class UsersContactSource implements ContactSource<User> { ... }
 */
export const HubspotContactSource = DiscoveryService.createDecorator<void>();

/** Marks the host's provider that implements `CompanySource`. */
export const HubspotCompanySource = DiscoveryService.createDecorator<void>();
