import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_CASES } from '.';

const README = readFileSync(join(__dirname, '../../libs/hubspot-emulator/README.md'), 'utf8');
const ASSUMPTION_LINES = README.split('\n').filter((line) => line.startsWith('- assumption: '));

describe('contract cases', () => {
  it('have unique ids and at least one path family', () => {
    const ids = CONTRACT_CASES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CONTRACT_CASES) expect(c.styles.length).toBeGreaterThan(0);
  });

  it.each(CONTRACT_CASES.filter((c) => c.assumption).map((c) => [c.id, c.assumption!.readme]))(
    '%s names exactly one assumption line of the emulator README',
    (_id, readme) => {
      expect(ASSUMPTION_LINES.filter((line) => line.includes(readme))).toHaveLength(1);
    },
  );

  it('cover what the module relies on, on the dated and the legacy paths', () => {
    const families = new Set(CONTRACT_CASES.map((c) => c.id.split('.')[0]));
    for (const family of [
      'auth',
      'objects',
      'batch',
      'properties',
      'search',
      'associations',
      'lists',
      'owners',
      'pipelines',
      'engagements',
      'limits',
      'scopes',
      'webhooks',
    ]) {
      expect(families).toContain(family);
    }
    const styles = CONTRACT_CASES.flatMap((c) => c.styles);
    expect(styles.filter((s) => s === 'dated').length).toBeGreaterThan(20);
    expect(styles.filter((s) => s === 'legacy').length).toBeGreaterThan(20);
  });
});
