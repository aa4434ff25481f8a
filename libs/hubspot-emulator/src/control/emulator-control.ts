import { OAuthService } from '../core/oauth-service';
import { EmulatorStats } from '../core/stats';
import { FaultSpec, OwnerInput, PipelineInput, PortalOptions } from '../emulator.options';
import { EmulatorState, PortalState } from '../emulator.state';
import { ObjectTypeDef } from '../store/object-types';
import { StoredOwner, toApiOwner } from '../store/owner-store';
import { toApiPipeline } from '../store/pipeline-store';
import { ApiObject, toApiObject } from '../store/serialize';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { ControlExtensions } from './control-extensions';
import { ControlError, RepActions } from './rep-actions';

export { ControlError } from './rep-actions';

/** The control API in-process; `/__emulator/*` routes call the same methods. */
export class EmulatorControl extends ControlExtensions {
  constructor(state: EmulatorState, oauth: OAuthService, dispatcher: WebhookDispatcher) {
    super(state, oauth, dispatcher);
  }

  /** Clears data, counters, faults, rate windows and webhook queues; keeps configuration. */
  reset(): void {
    this.state.reset();
  }

  stats(): EmulatorStats {
    const s = this.state.stats;
    return {
      total: s.total,
      requests: s.requests,
      rateLimited: { ...s.rateLimited },
      maxInAnyWindow: this.state.limiter.maxInAnyWindow(),
      oauth: { refreshGrants: { ...s.refreshGrants }, authorizationCodeGrants: { ...s.codeGrants } },
      webhooks: this.webhookStats(),
      faultsApplied: s.faultsApplied,
    };
  }

  /** Adds or updates a portal (tokens, limits, timeZone, properties). */
  portals(opts: PortalOptions): Record<string, unknown> {
    try {
      return describePortal(this.state.upsertPortal(opts));
    } catch (e) {
      throw new ControlError(400, e instanceof Error ? e.message : 'invalid portal');
    }
  }

  listPortals(): Array<Record<string, unknown>> {
    return [...this.state.portals.values()].map(describePortal);
  }

  faults(specs: FaultSpec[]): Array<FaultSpec & { applied: number }> {
    try {
      this.state.faults.add(specs);
    } catch (e) {
      throw new ControlError(400, e instanceof Error ? e.message : 'invalid fault');
    }
    return this.state.faults.list();
  }

  listFaults(): Array<FaultSpec & { applied: number }> {
    return this.state.faults.list();
  }

  clearFaults(): void {
    this.state.faults.clear();
  }

  setSearchIndexDelay(ms: number): void {
    this.state.searchIndexDelayMs = Math.max(0, Number(ms) || 0);
  }

  /** Every stored record of a type, archived ones included, with all their properties. */
  objects(portalId: number, objectType: string): ApiObject[] {
    const [portal, type] = this.target(portalId, objectType);
    return portal.data
      .store(type)
      .all()
      .map((o) => toApiObject(o, type, portal.data.properties, 'all-set'));
  }

  /** Creates a record "in HubSpot's UI" (changeSource CRM, as the portal's first owner). */
  createObject(portalId: number, objectType: string, properties: Record<string, unknown>): ApiObject {
    return this.rep(portalId).create(objectType, properties);
  }

  /** Changes a record behind the integration's back (changeSource CRM). */
  patchObject(
    portalId: number,
    objectType: string,
    id: string,
    properties: Record<string, unknown>,
  ): ApiObject {
    return this.rep(portalId).setProperties(objectType, id, properties);
  }

  /** Deletes (archives) a record behind the integration's back. */
  deleteObject(portalId: number, objectType: string, id: string): void {
    this.rep(portalId).delete(objectType, id);
  }

  /**
   * Acts as a sales rep (HubSpot user `userId`, default: the portal's first owner) in HubSpot's UI: set
   * properties, log engagements, merge, delete, restore, associate.
   */
  rep(portalId: number, userId?: number): RepActions {
    return new RepActions(this.state, portalId, userId);
  }

  /** Adds or updates owners of a portal (kept across resets, like portal configuration). */
  owners(portalId: number, owners: OwnerInput[]): Array<Record<string, unknown>> {
    const portal = this.portalOf(portalId);
    const now = Date.now();
    try {
      const stored: StoredOwner[] = owners.map((o) => portal.data.owners.upsert(o, now));
      portal.data.refreshOptions();
      const seeds = [...portal.seedOwners];
      for (const o of stored) {
        const input: OwnerInput = { ...o };
        const i = seeds.findIndex((s) => s.id === o.id || (s.id === undefined && s.email === o.email));
        if (i >= 0) seeds[i] = input;
        else seeds.push(input);
      }
      portal.seedOwners = seeds;
      return stored.map(toApiOwner);
    } catch (e) {
      throw new ControlError(400, e instanceof Error ? e.message : 'invalid owner');
    }
  }

  listOwners(portalId: number): Array<Record<string, unknown>> {
    return this.portalOf(portalId).data.owners.list(undefined).map(toApiOwner);
  }

  /** Adds or replaces pipelines of an object type (`deals`, `tickets`), kept across resets. */
  pipelines(
    portalId: number,
    objectType: string,
    pipelines: PipelineInput[],
  ): Array<Record<string, unknown>> {
    const [portal, type] = this.target(portalId, objectType);
    try {
      const stored = pipelines.map((p) => portal.data.pipelines.upsert(type.objectTypeId, p, Date.now()));
      portal.data.refreshOptions();
      const seeds = [...(portal.seedPipelines[type.name] ?? [])];
      for (const p of pipelines) {
        const i = seeds.findIndex((s) => s.id === p.id);
        if (i >= 0) seeds[i] = p;
        else seeds.push(p);
      }
      portal.seedPipelines = { ...portal.seedPipelines, [type.name]: seeds };
      return stored.map(toApiPipeline);
    } catch (e) {
      throw new ControlError(400, e instanceof Error ? e.message : 'invalid pipeline');
    }
  }

  private portalOf(portalId: number): PortalState {
    const portal = this.state.portal(Number(portalId));
    if (!portal) throw new ControlError(404, `unknown portal ${portalId}`);
    return portal;
  }

  private target(portalId: number, objectType: string): [PortalState, ObjectTypeDef] {
    const portal = this.state.portal(Number(portalId));
    if (!portal) throw new ControlError(404, `unknown portal ${portalId}`);
    const type = portal.data.resolveType(objectType);
    if (!type) throw new ControlError(404, `unknown object type ${objectType}`);
    return [portal, type];
  }
}

function describePortal(p: PortalState): Record<string, unknown> {
  return { portalId: p.id, timeZone: p.timeZone, appId: p.appId, limits: p.limits, tokens: p.tokens.length };
}
