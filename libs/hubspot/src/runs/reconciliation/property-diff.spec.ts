import { driftedProperties, sameValue } from './property-diff';

describe('property diff', () => {
  it.each([
    ['Ada', 'Ada', true],
    ['Ada', 'Ada ', true],
    ['Ada', 'Grace', false],
    [null, null, true],
    [null, '', true],
    ['', null, true],
    [null, 'x', false],
    [true, 'true', true],
    [false, 'false', true],
    [true, 'false', false],
    [false, null, false],
    [42, '42', true],
    [42, '42.0', true],
    [42, '43', false],
    [1705276800000, '2024-01-15', true],
    [1705276800000, '2024-01-15T00:00:00.000Z', true],
    [1705276800000, '2024-01-16', false],
  ] as const)('%p vs %p -> %p', (local, remote, same) => {
    expect(sameValue(local, remote)).toBe(same);
  });

  it('names the drifted properties only', () => {
    expect(
      driftedProperties(
        { firstname: 'Ada', plan: 'pro', churned: false, company: null },
        { firstname: 'Ada', plan: 'free', churned: 'false', company: 'Acme', extra: 'ignored' },
      ),
    ).toEqual(['plan', 'company']);
  });
});
