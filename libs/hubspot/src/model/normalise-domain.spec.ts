import { normaliseDomain } from './normalise-domain';

describe('normaliseDomain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['https://WWW.Acme.com:443/about?x=1', 'acme.com'],
    ['http://shop.acme.co.uk/', 'shop.acme.co.uk'],
    ['ann@Acme.com', 'acme.com'],
    ['acme.com.', 'acme.com'],
  ])('%s -> %s', (input, expected) => expect(normaliseDomain(input)).toBe(expected));

  it('rejects what is not a domain', () => {
    expect(() => normaliseDomain('localhost')).toThrow(TypeError);
    expect(() => normaliseDomain('not a domain.com')).toThrow(TypeError);
  });
});
