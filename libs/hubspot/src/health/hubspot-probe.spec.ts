import { TokenProvider } from '../http/token-provider';
import { HubspotAuthError } from '../errors';
import { HubspotHttpClient } from '../http/hubspot-http.client';
import { HubspotPaths } from '../http/hubspot-paths';
import { HubspotTelemetry } from '../http/hubspot-telemetry';
import { HubspotProbe } from './hubspot-probe';

function build(get: jest.Mock) {
  const telemetry = new HubspotTelemetry();
  const tokens = { portalIds: async () => [7] } as unknown as TokenProvider;
  const http = { get } as unknown as HubspotHttpClient;
  const probe = new HubspotProbe(http, new HubspotPaths('2026-09'), telemetry, tokens);
  probe.onModuleInit();
  return { probe, telemetry };
}
const call = { method: 'POST', durationMs: 5, attempt: 1, lane: 'live' as const };

describe('HubspotProbe', () => {
  it('learns from regular traffic and spends no call while that is fresh', async () => {
    const get = jest.fn();
    const { probe, telemetry } = build(get);
    telemetry.emit('call', {
      ...call,
      portalId: 7,
      route: '/crm/objects/2026-09/contacts/batch/upsert',
      status: 207,
    });
    await expect(probe.check(7)).resolves.toMatchObject({
      reachable: true,
      authorised: true,
      source: 'observed',
    });
    expect(get).not.toHaveBeenCalled();
  });

  it('probes once when nothing was seen, sharing the call between concurrent checks', async () => {
    const get = jest.fn().mockResolvedValue({ status: 200, data: { results: [] } });
    const { probe } = build(get);
    const [a, b] = await Promise.all([probe.check(7), probe.check(7)]);
    expect(get).toHaveBeenCalledTimes(1);
    expect(get.mock.calls[0][1]).toMatchObject({ portalId: 7, maxAttempts: 1, lane: 'live' });
    expect(a).toEqual(b);
    expect(a).toMatchObject({ reachable: true, authorised: true, source: 'probed' });
    await probe.check(7);
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('reports a rejected token as reachable but not authorised, and a network error as unreachable', async () => {
    const get = jest
      .fn()
      .mockRejectedValueOnce(new HubspotAuthError('Authentication credentials not found', { status: 401 }));
    const { probe, telemetry } = build(get);
    await expect(probe.check(7)).resolves.toMatchObject({ reachable: true, authorised: false, status: 401 });
    telemetry.emit('call', { ...call, portalId: 7, route: '/crm/objects/2026-09/contacts', status: 0 });
    await expect(probe.check(7)).resolves.toMatchObject({ reachable: false, status: 0 });
  });

  it('stops listening on shutdown', () => {
    const { probe, telemetry } = build(jest.fn());
    probe.onApplicationShutdown();
    expect(telemetry.listenerCount('call')).toBe(0);
  });
});
