import { HubspotConfig } from '../../config/hubspot.config';
import { OAuthInstallEvents } from '../../auth/oauth/oauth-install.events';
import { HubspotAuthError, HubspotSetupError, HubspotTransientError } from '../../errors';
import { TokenProvider } from '../../http/token-provider';
import { PropertiesService, PropertyCheck } from './properties.service';
import { PropertySetupService } from './property-setup.service';

function build(answers: Array<PropertyCheck[] | Error>, ensure = true) {
  const calls: number[] = [];
  const properties = {
    ensureDeclared: jest.fn(async ({ portalId }: { portalId: number }) => {
      calls.push(portalId);
      const next = answers.shift() ?? [];
      if (next instanceof Error) throw next;
      return next;
    }),
  } as unknown as PropertiesService;
  const tokens = { portalIds: async () => [7] } as unknown as TokenProvider;
  const config = { sync: { ensurePropertiesOnBoot: ensure } } as HubspotConfig;
  const installs = new OAuthInstallEvents();
  const service = new PropertySetupService(config, tokens, properties, installs);
  return { service, calls, installs };
}

describe('PropertySetupService', () => {
  afterEach(() => jest.useRealTimers());

  it('fails the boot, naming the portal and the property, when a declaration disagrees with HubSpot', async () => {
    const { service } = build([
      [
        {
          objectType: 'contacts',
          name: 'plan',
          status: 'mismatch',
          problem: "type is 'string', declared 'enumeration'",
        },
        { objectType: 'contacts', name: 'firstname', status: 'exists' },
      ],
    ]);
    const boot = service.onApplicationBootstrap();
    await expect(boot).rejects.toThrow(HubspotSetupError);
    await expect(boot).rejects.toThrow(
      "HubSpot portal 7, property contacts.plan: type is 'string', declared 'enumeration'",
    );
  });

  it('lets the app start when HubSpot is unreachable, and tries again in the background until it answers', async () => {
    jest.useFakeTimers();
    const { service, calls } = build([new HubspotTransientError('socket hang up'), []]);
    await service.onApplicationBootstrap();
    expect(calls).toEqual([7]);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual([7, 7]);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(calls).toEqual([7, 7]);
    service.onApplicationShutdown();
  });

  it('does not retry what cannot pass by waiting (a rejected token), and stops retrying on shutdown', async () => {
    jest.useFakeTimers();
    const rejected = build([new HubspotAuthError('401')]);
    await rejected.service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(rejected.calls).toEqual([7]);

    const stopped = build([new HubspotTransientError('timeout')]);
    await stopped.service.onApplicationBootstrap();
    stopped.service.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(stopped.calls).toEqual([7]);
  });

  it('ensures a portal that installs the app later; does nothing when switched off', async () => {
    const { service, calls, installs } = build([[], []]);
    await service.onApplicationBootstrap();
    installs.emit('installed', 9);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([7, 9]);
    service.onApplicationShutdown();

    const off = build([], false);
    await off.service.onApplicationBootstrap();
    off.installs.emit('installed', 9);
    expect(off.calls).toEqual([]);
  });
});
