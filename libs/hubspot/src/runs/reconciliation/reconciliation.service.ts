import { Inject, Injectable, Logger } from '@nestjs/common';
import { RunConflictError } from '../../errors/run-errors';
import { QueryFailedError } from 'typeorm';
import { TokenProvider } from '../../http/token-provider';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { SyncRunScope } from '../sync-run.types';
import { SyncRunView, toSyncRunView } from '../sync-run.view';
import { SyncRunsControl } from '../sync-runs.control';
import { SyncRunsService } from '../sync-runs.service';
import { requireSources } from '../backfill/backfill.service';
import { SyncSourcesRegistry } from '../../crm/sources/sync-sources.registry';

export interface StartReconciliationOptions {
  portalId?: number;
  kind?: SyncRunScope;
  /** Only records HubSpot changed since the last completed reconciliation (default: options). */
  incremental?: boolean;
  requestedBy?: string;
}

/**
 * Finds and repairs drift between the host's sources and HubSpot. Runs on demand (admin, CLI) or from the
 * cron in `reconciliation.cron`; ReconcileExecutor does the work and stores the report on the run.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    private readonly runs: SyncRunsService,
    private readonly control: SyncRunsControl,
    private readonly sources: SyncSourcesRegistry,
    @Inject(TokenProvider) private readonly tokens: TokenProvider,
    @InjectHubspotConfig() private readonly config: HubspotConfig,
  ) {}

  /** Queues a reconciliation; refuses (409) while another one of the portal is unfinished. */
  async start(options: StartReconciliationOptions = {}): Promise<SyncRunView> {
    requireSources(this.sources, options.kind ?? 'all');
    const portalId = options.portalId ?? (await this.tokens.defaultPortalId());
    const active = await this.runs.findActive('reconcile', portalId);
    if (active) {
      throw new RunConflictError(`Reconciliation run ${active.id} of portal ${portalId} is ${active.status}`);
    }
    const run = await this.control.launch(() => this.create(portalId, options));
    return toSyncRunView(run);
  }

  /**
   * Materialises one cron slot for one portal: the slot key is unique in hubspot_sync_runs, so however many
   * pods ticked, one run exists per slot. Returns null when the slot already ran or a run is still going.
   */
  async startScheduled(portalId: number, slot: number): Promise<SyncRunView | null> {
    if (await this.runs.findActive('reconcile', portalId)) {
      this.logger.log(
        `Reconciliation slot ${new Date(slot).toISOString()} skipped: portal ${portalId} is busy`,
      );
      return null;
    }
    try {
      const run = await this.control.launch(() =>
        this.create(portalId, { requestedBy: 'cron' }, `reconcile:${portalId}:${slot}`),
      );
      return toSyncRunView(run);
    } catch (err) {
      if (err instanceof QueryFailedError && /Duplicate entry/i.test(err.message)) return null;
      throw err;
    }
  }

  private create(portalId: number, options: StartReconciliationOptions, slotKey?: string) {
    return this.runs.create({
      kind: 'reconcile',
      portalId,
      scope: options.kind ?? 'all',
      incremental: options.incremental ?? this.config.reconciliation.incremental,
      requestedBy: options.requestedBy,
      slotKey,
    });
  }
}
