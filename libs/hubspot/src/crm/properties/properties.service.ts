import { Injectable, Logger } from '@nestjs/common';
import { HubspotConflictError, HubspotNotFoundError } from '../../errors';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { moduleProperties } from '../../config/module-properties';
import { PropertyDefinition } from '../../model/property-definition';
import { portalLabel } from '../../model/portal-label';
import { CrmCallOptions, PortalScoped } from '../shared/portal-scoped';

export interface PropertyCheck {
  objectType: string;
  name: string;
  /** `missing`: a reference (a declaration without a definition) names no property of the portal. */
  status: 'exists' | 'created' | 'mismatch' | 'missing';
  /** For a mismatch or a missing reference: what is wrong. */
  problem?: string;
}

export interface EnsureOptions extends CrmCallOptions {
  /** Attempts per HubSpot call (default `http.maxAttempts`). */
  maxAttempts?: number;
}

type ExistingProperty = PropertyDefinition & Record<string, unknown>;

/**
 * The portal's properties. `ensureDeclared` makes sure every property the module and the host write exists
 * with the right type: the module's own (`churned`, `churn_date`, the contact id and the company key) and the
 * host's `objects` declarations. It creates what is missing and never changes an existing property.
 */
@Injectable()
export class PropertiesService extends PortalScoped {
  private readonly logger = new Logger(PropertiesService.name);

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
  ) {
    super();
  }

  /**
   * Ensures the module's properties and the host's declared ones: one list call per object type, one create
   * per missing custom property. A reference that names no property is reported as `missing`.
   */
  async ensureDeclared(options: EnsureOptions = {}): Promise<PropertyCheck[]> {
    const checks: PropertyCheck[] = [];
    for (const [objectType, wanted] of Object.entries(this.declared())) {
      const existing = new Map(
        (await this.list(objectType, options)).map((property) => [property.name, property]),
      );
      for (const { name, definition } of wanted) {
        const found = existing.get(name);
        if (definition) checks.push(await this.ensure(objectType, definition, options, found ?? null));
        else if (found) checks.push({ objectType, name, status: 'exists' });
        else checks.push({ objectType, name, status: 'missing', problem: missingReference(objectType) });
      }
    }
    return checks;
  }

  /** Ensures only the module's own properties. */
  async ensureModuleProperties(options: EnsureOptions = {}): Promise<PropertyCheck[]> {
    const checks: PropertyCheck[] = [];
    for (const [objectType, definitions] of Object.entries(moduleProperties(this.config.sync))) {
      for (const definition of definitions) checks.push(await this.ensure(objectType, definition, options));
    }
    return checks;
  }

  /** Creates the property if missing; reports a mismatch (never changes an existing property). */
  async ensure(
    objectType: string,
    definition: PropertyDefinition,
    options: EnsureOptions = {},
    known?: ExistingProperty | null,
  ): Promise<PropertyCheck> {
    const portalId = await this.portal(options.portalId);
    const call = { portalId, maxAttempts: options.maxAttempts };
    let existing = known === undefined ? await this.get(objectType, definition.name, call) : known;
    if (!existing) {
      try {
        await this.http.post(this.paths.properties(objectType), definition, call);
        this.logger.log(`Created property ${objectType}.${definition.name} in ${portalLabel(portalId)}`);
        return { objectType, name: definition.name, status: 'created' };
      } catch (err) {
        // Another process created it first.
        if (!(err instanceof HubspotConflictError)) throw err;
        existing = await this.get(objectType, definition.name, call);
        if (!existing) throw err;
      }
    }
    const problem = mismatch(existing, definition);
    return problem
      ? { objectType, name: definition.name, status: 'mismatch', problem }
      : { objectType, name: definition.name, status: 'exists' };
  }

  /** One property's definition, or null if it does not exist. */
  async get(objectType: string, name: string, options: EnsureOptions = {}): Promise<ExistingProperty | null> {
    try {
      const res = await this.http.get<ExistingProperty>(this.paths.property(objectType, name), {
        portalId: await this.portal(options.portalId),
        maxAttempts: options.maxAttempts,
      });
      return res.data;
    } catch (err) {
      if (err instanceof HubspotNotFoundError) return null;
      throw err;
    }
  }

  /** Every property of an object type. */
  async list(objectType: string, options: EnsureOptions = {}): Promise<ExistingProperty[]> {
    const res = await this.http.get<{ results: ExistingProperty[] }>(this.paths.properties(objectType), {
      portalId: await this.portal(options.portalId),
      maxAttempts: options.maxAttempts,
    });
    return res.data.results ?? [];
  }

  /** The module's properties, then the host's declarations, per object type (the host's never redefine ours). */
  private declared(): Record<string, Array<{ name: string; definition?: PropertyDefinition }>> {
    const wanted: Record<string, Array<{ name: string; definition?: PropertyDefinition }>> = {};
    for (const [objectType, definitions] of Object.entries(moduleProperties(this.config.sync))) {
      wanted[objectType] = definitions.map((definition) => ({ name: definition.name, definition }));
    }
    for (const [objectType, { properties }] of Object.entries(this.config.objects)) {
      const list = (wanted[objectType] ??= []);
      for (const property of properties) {
        if (!list.some((p) => p.name === property.name)) list.push(property);
      }
    }
    return wanted;
  }
}

function mismatch(existing: ExistingProperty, wanted: PropertyDefinition): string | undefined {
  const problems: string[] = [];
  if (existing.type !== wanted.type) problems.push(`type is '${existing.type}', declared '${wanted.type}'`);
  if (wanted.hasUniqueValue && !existing.hasUniqueValue) problems.push('must have hasUniqueValue: true');
  if (wanted.type === 'enumeration' && existing.type === 'enumeration') {
    const values = new Set((existing.options ?? []).map((o) => o.value));
    const absent = (wanted.options ?? []).map((o) => o.value).filter((v) => !values.has(v));
    if (absent.length) problems.push(`options ${absent.map((v) => `'${v}'`).join(', ')} are missing`);
  }
  return problems.length ? problems.join('; ') : undefined;
}

function missingReference(objectType: string): string {
  return (
    `no such property in HubSpot; objects.${objectType} names it as a reference. Fix the name, create it ` +
    'in HubSpot, or declare its type, label and fieldType so that the module creates it'
  );
}
