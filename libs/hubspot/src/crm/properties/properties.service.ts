import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HubspotConfigError, HubspotNotFoundError } from '../../errors';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { CrmCallOptions, PortalScoped } from '../shared/portal-scoped';
import { moduleProperties, PropertyDefinition } from './property-definition';

export interface PropertyCheck {
  objectType: string;
  name: string;
  status: 'exists' | 'created' | 'mismatch';
  /** For a mismatch: what differs. */
  problem?: string;
}

/**
 * Makes sure the custom properties the module writes exist with the right type: `churned`, `churn_date`,
 * the contact id property and the company key (both unique). At boot when `sync.ensurePropertiesOnBoot`
 * (a mismatch fails the boot), or on demand.
 */
@Injectable()
export class PropertiesService extends PortalScoped implements OnApplicationBootstrap {
  private readonly logger = new Logger(PropertiesService.name);

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.sync.ensurePropertiesOnBoot) return;
    for (const portalId of await this.tokens.portalIds()) {
      let checks: PropertyCheck[];
      try {
        checks = await this.ensureModuleProperties({ portalId });
      } catch (err) {
        // HubSpot unreachable at boot must not keep the host down; writes will report what is missing.
        this.logger.error(
          `Could not check HubSpot properties of portal ${portalId}: ${(err as Error).message}`,
        );
        continue;
      }
      const bad = checks.filter((c) => c.status === 'mismatch');
      if (bad.length) throw new HubspotConfigError(bad.map((c) => `${c.objectType}.${c.name}: ${c.problem}`));
    }
  }

  /** Ensures every property the module needs; returns what it found or created. */
  async ensureModuleProperties(options: CrmCallOptions = {}): Promise<PropertyCheck[]> {
    const checks: PropertyCheck[] = [];
    for (const [objectType, definitions] of Object.entries(moduleProperties(this.config))) {
      for (const definition of definitions) checks.push(await this.ensure(objectType, definition, options));
    }
    return checks;
  }

  /** Creates the property if missing; reports a mismatch (never changes an existing property). */
  async ensure(
    objectType: string,
    definition: PropertyDefinition,
    options: CrmCallOptions = {},
  ): Promise<PropertyCheck> {
    const portalId = await this.portal(options.portalId);
    const base = { objectType, name: definition.name };
    const existing = await this.get(objectType, definition.name, { portalId });
    if (!existing) {
      await this.http.post(this.paths.properties(objectType), definition, { portalId });
      this.logger.log(`Created HubSpot property ${objectType}.${definition.name} in portal ${portalId}`);
      return { ...base, status: 'created' };
    }
    const problems: string[] = [];
    if (existing.type !== definition.type)
      problems.push(`type is '${existing.type}', expected '${definition.type}'`);
    if (definition.hasUniqueValue && !existing.hasUniqueValue)
      problems.push('must have hasUniqueValue: true');
    return problems.length
      ? { ...base, status: 'mismatch', problem: problems.join('; ') }
      : { ...base, status: 'exists' };
  }

  /** One property's definition, or null if it does not exist. */
  async get(
    objectType: string,
    name: string,
    options: CrmCallOptions = {},
  ): Promise<(PropertyDefinition & Record<string, unknown>) | null> {
    try {
      const res = await this.http.get<PropertyDefinition & Record<string, unknown>>(
        this.paths.property(objectType, name),
        { portalId: await this.portal(options.portalId) },
      );
      return res.data;
    } catch (err) {
      if (err instanceof HubspotNotFoundError) return null;
      throw err;
    }
  }

  /** Every property of an object type. */
  async list(
    objectType: string,
    options: CrmCallOptions = {},
  ): Promise<Array<PropertyDefinition & Record<string, unknown>>> {
    const res = await this.http.get<{ results: Array<PropertyDefinition & Record<string, unknown>> }>(
      this.paths.properties(objectType),
      { portalId: await this.portal(options.portalId) },
    );
    return res.data.results ?? [];
  }
}
