import { Inject, Injectable } from '@nestjs/common';
import { RunConflictError, SourceMissingError } from '../../errors/run-errors';
import { HubspotConfigError } from '../../errors/hubspot-config.error';
import { SyncSourcesRegistry } from '../../crm/sources/sync-sources.registry';
import { TokenProvider } from '../../http/token-provider';
import { SyncRunScope } from '../sync-run.types';
import { SyncRunView, toSyncRunView } from '../sync-run.view';
import { SyncRunsControl } from '../sync-runs.control';
import { SyncRunsService } from '../sync-runs.service';

export interface StartBackfillOptions {
  /** Default: the token provider's default portal. */
  portalId?: number;
  /** 'all' (default) runs companies, contacts, then associations. */
  kind?: SyncRunScope;
  /** Count what would change and what it would cost; write nothing. */
  dryRun?: boolean;
  /** Records per batch call (max 100). */
  batchSize?: number;
  /** Who asked (shown in run lists): 'admin', 'cli', ... */
  requestedBy?: string;
}

/**
 * Historical backfill of the host's sources into HubSpot. A run is a row in hubspot_sync_runs plus a job on
 * RUNS_QUEUE; BackfillExecutor does the work, checkpointing after every batch so it survives restarts.
 */
@Injectable()
export class BackfillService {
  constructor(
    private readonly runs: SyncRunsService,
    private readonly control: SyncRunsControl,
    private readonly sources: SyncSourcesRegistry,
    @Inject(TokenProvider) private readonly tokens: TokenProvider,
  ) {}

  /** Queues a backfill; refuses (409) while another non-dry-run backfill of the portal is unfinished. */
  async start(options: StartBackfillOptions = {}): Promise<SyncRunView> {
    requireSources(this.sources, options.kind ?? 'all');
    const portalId = options.portalId ?? (await this.tokens.defaultPortalId());
    if (!options.dryRun) {
      const active = await this.runs.findActive('backfill', portalId);
      if (active && !active.dryRun) {
        throw new RunConflictError(
          `Backfill run ${active.id} of portal ${portalId} is ${active.status}; resume or cancel it first`,
        );
      }
    }
    const run = await this.control.launch(() =>
      this.runs.create({
        kind: 'backfill',
        portalId,
        scope: options.kind ?? 'all',
        dryRun: options.dryRun ?? false,
        batchSize: options.batchSize ?? 100,
        requestedBy: options.requestedBy,
      }),
    );
    return toSyncRunView(run);
  }

  pause(id: number): Promise<SyncRunView> {
    return this.control.pause(id);
  }

  resume(id: number): Promise<SyncRunView> {
    return this.control.resume(id);
  }

  cancel(id: number): Promise<SyncRunView> {
    return this.control.cancel(id);
  }
}

/** Fails fast when the host has not implemented the source a run needs (HTTP callers get 501). */
export function requireSources(sources: SyncSourcesRegistry, kind: SyncRunScope): void {
  try {
    if (kind === 'companies' && !sources.companies()) {
      throw new HubspotConfigError([
        'no CompanySource: mark a provider implementing CompanySource with @HubspotCompanySource()',
      ]);
    }
    if (kind !== 'companies') sources.contacts();
  } catch (err) {
    if (err instanceof HubspotConfigError) throw new SourceMissingError(err.problems);
    throw err;
  }
}
