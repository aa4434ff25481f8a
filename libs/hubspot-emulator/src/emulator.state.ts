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
  PortalOptions,
  PropertyInput,
  ResolvedLimits,
  resolveLimits,
  TokenInput,
} from './emulator.options';
import { PortalData } from './store/portal-data';

export class PortalState {
  limits: ResolvedLimits;
  timeZone: string;
  appId: number;
  tokens: TokenInput[];
  seedProperties: Record<string, PropertyInput[]>;
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
    this.data = this.freshData();
  }

  freshData(): PortalData {
    const data = new PortalData(this.id);
    for (const [typeName, props] of Object.entries(this.seedProperties)) {
      const type = data.resolveType(typeName);
      if (!type) throw new Error(`portal ${this.id}: unknown object type ${typeName} in properties`);
      for (const p of props) data.properties.create(type, p);
    }
    return data;
  }
}

function normalizeTokens(tokens: PortalOptions['tokens']): TokenInput[] {
  return (tokens ?? []).map((t) => (typeof t === 'string' ? { token: t } : { ...t }));
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
  /** Hooks run on reset (OAuth codes, webhook queues). */
  private readonly resetHooks: Array<() => void> = [];

  constructor(readonly options: EmulatorOptions) {
    this.timeScale = options.timeScale ?? 1;
    this.searchIndexDelayMs = options.searchIndexDelayMs ?? 0;
    this.strictProperties = options.strictProperties ?? true;
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
      if (opts.tokens) {
        const id = portal.id;
        this.tokens.dropWhere((t) => t.portalId === id && t.kind === 'private');
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
        kind: 'private',
        scopes: t.scopes ?? [],
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
