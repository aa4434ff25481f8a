import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OAuthInstallEvents } from '../../auth/oauth/oauth-install.events';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { HubspotError, HubspotSetupError } from '../../errors';
import { TokenProvider } from '../../http/token-provider';
import { portalLabel } from '../../model/portal-label';
import { PropertiesService, PropertyCheck } from './properties.service';

/** When HubSpot could not be asked at boot, ask again this often until it answers. */
const RETRY_EVERY_MS = 60_000;

/**
 * Makes the declared properties exist before the first write (`sync.ensurePropertiesOnBoot`, default on): at
 * boot for every portal, and for a portal that installs the app later (OAuth). A declaration that disagrees
 * with the portal fails the boot; HubSpot being unreachable does not (logged, retried in the background).
 */
@Injectable()
export class PropertySetupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('HubspotProperties');
  private readonly retries = new Map<number, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    @Inject(TokenProvider) private readonly tokens: TokenProvider,
    private readonly properties: PropertiesService,
    private readonly installs: OAuthInstallEvents,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.sync.ensurePropertiesOnBoot) return;
    this.installs.on('installed', this.ensureInBackground);
    let portalIds: number[];
    try {
      portalIds = await this.tokens.portalIds();
    } catch (err) {
      this.logger.error(`Could not list the portals whose properties to ensure: ${(err as Error).message}`);
      return;
    }
    const problems: string[] = [];
    for (const portalId of portalIds) problems.push(...(await this.ensurePortal(portalId)));
    if (problems.length) throw new HubspotSetupError(problems);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.installs.off('installed', this.ensureInBackground);
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
  }

  private readonly ensureInBackground = (portalId: number): void => {
    void this.ensurePortal(portalId).then((problems) => problems.forEach((p) => this.logger.error(p)));
  };

  /** What is wrong with the declarations for this portal; a failed call is logged (and retried if it may pass). */
  private async ensurePortal(portalId: number): Promise<string[]> {
    let checks: PropertyCheck[];
    try {
      checks = await this.properties.ensureDeclared({ portalId, maxAttempts: 2 });
    } catch (err) {
      const retry = !(err instanceof HubspotError) || err.retryable;
      this.logger.error(
        `Could not ensure the properties of ${portalLabel(portalId)}: ${(err as Error).message}. Writes of ` +
          `a property that does not exist are dead-lettered until it does${retry ? `; trying again in ${RETRY_EVERY_MS / 1000} s` : ''}`,
      );
      if (retry) this.retryLater(portalId);
      return [];
    }
    return checks
      .filter((c) => c.problem)
      .map((c) => `${portalLabel(portalId)}, property ${c.objectType}.${c.name}: ${c.problem}`);
  }

  private retryLater(portalId: number): void {
    if (this.stopped || this.retries.has(portalId)) return;
    const timer = setTimeout(() => {
      this.retries.delete(portalId);
      if (!this.stopped) this.ensureInBackground(portalId);
    }, RETRY_EVERY_MS);
    timer.unref();
    this.retries.set(portalId, timer);
  }
}
