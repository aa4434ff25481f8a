import {
  apiVersionLifecycle,
  apiVersionStatus,
  DEFAULT_API_VERSION,
  HUBSPOT_API_VERSIONS,
} from './api-versions';

const at = (day: string) => new Date(`${day}T12:00:00Z`);

describe('HubSpot API versions', () => {
  it('defaults to the newest version it speaks', () => {
    expect(DEFAULT_API_VERSION).toBe(HUBSPOT_API_VERSIONS[HUBSPOT_API_VERSIONS.length - 1]);
  });

  it('is current for 6 months after release and unsupported 18 months after it', () => {
    const life = apiVersionLifecycle('2026-03');
    expect(life.releasedOn.toISOString().slice(0, 10)).toBe('2026-03-30');
    expect(life.currentUntil.toISOString().slice(0, 10)).toBe('2026-09-30');
    expect(life.unsupportedFrom.toISOString().slice(0, 10)).toBe('2027-09-30');
  });

  it.each([
    ['2026-03', '2026-06-01', 'current'],
    ['2026-03', '2026-12-01', 'supported'],
    ['2026-03', '2027-10-01', 'unsupported'],
    ['2026-09', '2026-12-01', 'current'],
    ['2026-09', '2027-03-09', 'supported'],
    ['2026-09', '2028-03-08', 'unsupported'],
  ] as const)('%s on %s is %s', (version, day, status) => {
    expect(apiVersionStatus(version, at(day))).toBe(status);
  });
});
