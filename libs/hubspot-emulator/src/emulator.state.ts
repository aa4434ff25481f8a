import { ChangeEvents } from './core/change-events';
import { FaultInjector } from './core/faults';
import { RateLimiter } from './core/rate-limiter';
import { StatsRecorder } from './core/stats';
import { isValidTimeZone } from './core/time-zone';
import { TokenRegistry } from './core/token-registry';
import {
  DEFAULT_PORTAL_ID,
  DEFAULT_TOKEN,
  EmulatorOptions,
  OwnerInput,
  PipelineInput,
  PortalOptions,
  PropertyInput,
  ResolvedLimits,
  resolveLimits,
  TokenInput,
  WriteValidationRules,
} from './emulator.options';
import { DEFAULT_OWNER } from './store/owner-store';
import { PortalData } from './store/portal-data';

export class PortalState {
  limits: ResolvedLimits;
  timeZone: string;
  appId: number;
  tokens: TokenInput[];
  seedProperties: Record<string, PropertyInput[]>;
  seedOwners: OwnerInput[];
  seedPipelines: Record<string, PipelineInput[]>;
  writeValidation: WriteValidationRules;
  data: PortalData;

  constructor(
    readonly id: number,
    opts: PortalOptions,
  ) {
    this.limits = resolveLimits(opts.limits);
    this.timeZone = opts.timeZone ?? 'US/Eastern';
    this.appId = opts.appId ?? 1_000_000 + (id % 1000);
    this.tokens = normalizeTokens(opts.tokens);
    this.seedProperties = opts.properties ?? {};
    this.seedOwners = opts.owners ?? [DEFAULT_OWNER];
    this.seedPipelines = opts.pipelines ?? {};
    this.writeValidation = opts.writeValidation ?? {};
    this.data = this.freshData();
  }

  freshData(): PortalData {
    const data = new PortalData(this.id);
    for (const [typeName, props] of Object.entries(this.seedProperties)) {
      const type = data.resolveType(typeName);
      if (!type) throw new Error(`portal ${this.id}: unknown object type ${typeName} in properties`);
      for (const p of props) data.properties.create(type, p);
    }
    seedOwners(data, this.seedOwners);
    seedPipelines(data, this.seedPipelines);
    return data;
  }
}

const SEEDED_AT = Date.UTC(2024, 0, 1);

function seedOwners(data: PortalData, owners: OwnerInput[]): void {
  for (const o of owners) data.owners.upsert(o, SEEDED_AT);
  data.refreshOptions();
}

function seedPipelines(data: PortalData, pipelines: Record<string, PipelineInput[]>): void {
  for (const [typeName, list] of Object.entries(pipelines)) {
    const type = data.resolveType(typeName);
    if (!type) throw new Error(`unknown object type ${typeName} in pipelines`);
    for (const p of list) data.pipelines.upsert(type.objectTypeId, p, SEEDED_AT);
  }
  data.refreshOptions();
}

const TOKEN_KINDS = new Set(['private-app', 'service-key', 'static-auth']);

function normalizeTokens(tokens: PortalOptions['tokens']): TokenInput[] {
  return (tokens ?? []).map((t) => {
    const input = typeof t === 'string' ? { token: t } : { ...t };
    if (!input.token) throw new Error('a token needs a token string');
    if (input.kind !== undefined && !TOKEN_KINDS.has(input.kind))
      throw new Error(`unknown token kind ${String(input.kind)} (private-app, service-key or static-auth)`);
    return input;
  });
}

/** The whole emulator's mutable state: portals, tokens, limiter, faults, stats and the change stream. */
export class EmulatorState {
  readonly portals = new Map<number, PortalState>();
  readonly tokens = new TokenRegistry();
  readonly limiter = new RateLimiter();
  readonly faults = new FaultInjector();
  readonly stats = new StatsRecorder();
  readonly events = new ChangeEvents();
  readonly timeScale: number;
  searchIndexDelayMs: number;
  readonly strictProperties: boolean;
  readonly enforceScopes: boolean;
  controlToken: string | undefined;
  /** Hooks run on reset (OAuth codes, webhook queues). */
  private readonly resetHooks: Array<() => void> = [];

  constructor(readonly options: EmulatorOptions) {
    this.timeScale = options.timeScale ?? 1;
    this.searchIndexDelayMs = options.searchIndexDelayMs ?? 0;
    this.strictProperties = options.strictProperties ?? true;
    this.enforceScopes = options.enforceScopes ?? true;
    this.controlToken = options.controlToken || undefined;
    const portals = options.portals?.length
      ? options.portals
      : [{ portalId: DEFAULT_PORTAL_ID, tokens: [DEFAULT_TOKEN] }];
    for (const p of portals) this.upsertPortal(p);
  }

  upsertPortal(opts: PortalOptions): PortalState {
    if (!Number.isInteger(opts.portalId) || opts.portalId <= 0)
      throw new Error('portalId must be a positive integer');
    if (opts.timeZone && !isValidTimeZone(opts.timeZone))
      throw new Error(`invalid timeZone ${opts.timeZone}`);
    let portal = this.portals.get(opts.portalId);
    if (!portal) {
      portal = new PortalState(opts.portalId, opts);
      this.portals.set(portal.id, portal);
    } else {
      if (opts.limits) portal.limits = resolveLimits(opts.limits);
      if (opts.timeZone) portal.timeZone = opts.timeZone;
      if (opts.appId) portal.appId = opts.appId;
      if (opts.properties) {
        portal.seedProperties = { ...portal.seedProperties, ...opts.properties };
        for (const [typeName, props] of Object.entries(opts.properties)) {
          const type = portal.data.resolveType(typeName);
          if (!type) throw new Error(`unknown object type ${typeName}`);
          for (const p of props) portal.data.properties.create(type, p);
        }
      }
      if (opts.owners) {
        portal.seedOwners = opts.owners;
        seedOwners(portal.data, opts.owners);
      }
      if (opts.pipelines) {
        portal.seedPipelines = { ...portal.seedPipelines, ...opts.pipelines };
        seedPipelines(portal.data, opts.pipelines);
      }
      if (opts.writeValidation) portal.writeValidation = opts.writeValidation;
      if (opts.tokens) {
        const id = portal.id;
        this.tokens.dropWhere((t) => t.portalId === id && t.kind !== 'oauth');
        portal.tokens = normalizeTokens(opts.tokens);
      }
    }
    for (const t of portal.tokens) {
      const owner = this.tokens.get(t.token);
      if (owner && owner.portalId !== portal.id) throw new Error('a token can belong to one portal only');
      this.tokens.set({
        token: t.token,
        portalId: portal.id,
        appId: t.appId ?? portal.appId,
        kind: t.kind ?? 'private-app',
        scopes: t.scopes ? [...t.scopes] : undefined,
        userId: t.userId ?? 1,
      });
    }
    return portal;
  }

  portal(id: number): PortalState | undefined {
    return this.portals.get(id);
  }

  firstPortal(): PortalState {
    return this.portals.values().next().value as PortalState;
  }

  onReset(hook: () => void): void {
    this.resetHooks.push(hook);
  }

  /** Clears data, counters, faults and windows; keeps configuration (portals, tokens, apps, webhooks). */
  reset(): void {
    for (const portal of this.portals.values()) portal.data = portal.freshData();
    this.limiter.reset();
    this.faults.clear();
    this.stats.reset();
    for (const hook of this.resetHooks) hook();
  }
}
