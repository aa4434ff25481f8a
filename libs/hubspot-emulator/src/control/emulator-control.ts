import { ChangeSource } from '../core/change-events';
import { OAuthService } from '../core/oauth-service';
import { EmulatorStats } from '../core/stats';
import { FaultSpec, PortalOptions } from '../emulator.options';
import { EmulatorState, PortalState } from '../emulator.state';
import { ApiError } from '../http/api-error';
import { ObjectTypeDef } from '../store/object-types';
import {
  archiveObject,
  createObject,
  uniqueConflict,
  updateObject,
  validateProperties,
  WriteScope,
} from '../store/object-writer';
import { ApiObject, toApiObject } from '../store/serialize';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { ControlExtensions } from './control-extensions';

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Changes made "in HubSpot's UI", behind the integration's back. */
const CRM_SOURCE: ChangeSource = { changeSource: 'CRM', sourceId: 'userId:1' };

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

  createObject(portalId: number, objectType: string, properties: Record<string, unknown>): ApiObject {
    const scope = this.scope(portalId, objectType);
    const values = this.validated(scope, properties);
    const clash = uniqueConflict(scope, values);
    if (clash) throw new ControlError(409, clash.message);
    return toApiObject(createObject(scope, values), scope.type, scope.portal.data.properties, 'all-set');
  }

  patchObject(
    portalId: number,
    objectType: string,
    id: string,
    properties: Record<string, unknown>,
  ): ApiObject {
    const scope = this.scope(portalId, objectType);
    const obj = scope.portal.data.store(scope.type).get(String(id));
    if (!obj || obj.archived) throw new ControlError(404, `no ${scope.type.singular} ${id}`);
    const values = this.validated(scope, properties);
    const clash = uniqueConflict(scope, values, obj.id);
    if (clash) throw new ControlError(409, clash.message);
    updateObject(scope, obj, values);
    return toApiObject(obj, scope.type, scope.portal.data.properties, 'all-set');
  }

  deleteObject(portalId: number, objectType: string, id: string): void {
    const scope = this.scope(portalId, objectType);
    const obj = scope.portal.data.store(scope.type).get(String(id));
    if (!obj) throw new ControlError(404, `no ${scope.type.singular} ${id}`);
    archiveObject(scope, obj);
  }

  protected scope(portalId: number, objectType: string): WriteScope {
    const [portal, type] = this.target(portalId, objectType);
    return { state: this.state, portal, type, source: CRM_SOURCE, now: Date.now() };
  }

  private validated(scope: WriteScope, properties: Record<string, unknown>) {
    try {
      const { values, errors } = validateProperties(scope, properties ?? {});
      if (errors.length > 0)
        throw new ControlError(400, `Property values were not valid: ${JSON.stringify(errors)}`);
      return values;
    } catch (e) {
      if (e instanceof ApiError) throw new ControlError(e.status, e.message);
      throw e;
    }
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
