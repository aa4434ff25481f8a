import { contentHash } from './content-hash';
import { normaliseProperties } from '../../model/property-value';

describe('content hash', () => {
  it('is stable across key order and value types HubSpot stores alike', () => {
    const a = contentHash('email', 'a@x.io', { plan: 'pro', seats: 3, active: true, note: null });
    const b = contentHash('email', 'a@x.io', { note: '', active: 'true', seats: '3', plan: 'pro' });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any property, the id or the id property', () => {
    const base = contentHash('email', 'a@x.io', { plan: 'pro' });
    expect(contentHash('email', 'a@x.io', { plan: 'free' })).not.toBe(base);
    expect(contentHash('email', 'b@x.io', { plan: 'pro' })).not.toBe(base);
    expect(contentHash('app_user_id', 'a@x.io', { plan: 'pro' })).not.toBe(base);
  });

  it('sends null as an empty string (clears the value)', () => {
    expect(normaliseProperties({ b: null, a: 1 })).toEqual({ a: '1', b: '' });
  });
});
