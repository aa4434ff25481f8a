import { decodeV3Uri, safeEqual, signatureV1, signatureV2, signatureV3 } from './webhook-signature';

// HubSpot's published vectors (its webhook docs; v1 from @hubspot/api-client's own signature tests).
const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const URI = 'https://www.example.com/webhook_uri';

describe('webhook signatures', () => {
  it('v1 matches the published vector', () => {
    const body =
      '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
    expect(signatureV1(SECRET, body)).toBe(
      '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de',
    );
    expect(signatureV1(SECRET, Buffer.from(body))).toBe(signatureV1(SECRET, body));
  });

  it('v2 matches the published vectors (GET without body, POST with body)', () => {
    expect(signatureV2(SECRET, 'GET', URI, '')).toBe(
      'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e',
    );
    expect(signatureV2(SECRET, 'POST', URI, '{"example_field":"example_value"}')).toBe(
      '9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900',
    );
  });

  it('v3 matches the published vector', () => {
    const body = "{'example_field':'example_value'}";
    expect(signatureV3(SECRET, 'POST', URI, body, 1693657560000)).toBe(
      'K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=',
    );
    expect(signatureV3(SECRET, 'POST', URI, Buffer.from(body), '1693657560000')).toBe(
      'K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=',
    );
  });

  it('v3 changes with any input', () => {
    const base = signatureV3(SECRET, 'POST', URI, '[]', 1);
    expect(signatureV3(SECRET, 'POST', URI, '[]', 2)).not.toBe(base);
    expect(signatureV3(SECRET, 'PUT', URI, '[]', 1)).not.toBe(base);
    expect(signatureV3(SECRET, 'POST', `${URI}x`, '[]', 1)).not.toBe(base);
    expect(signatureV3(`${SECRET}x`, 'POST', URI, '[]', 1)).not.toBe(base);
  });

  describe('v3 URI decoding', () => {
    it('decodes exactly the listed escapes, in either case', () => {
      expect(decodeV3Uri('https://x.io/a%3Ab%2Fc%3Fd%40e%21f%24g%27h%28i%29j%2Ak%2Cl%3Bm')).toBe(
        "https://x.io/a:b/c?d@e!f$g'h(i)j*k,l;m",
      );
      expect(decodeV3Uri('https://x.io/p?q=a%3a%2f')).toBe('https://x.io/p?q=a:/');
    });

    it('leaves every other escape alone', () => {
      expect(decodeV3Uri('https://x.io/a%20b%25c%26d%3De%2Bf%23')).toBe(
        'https://x.io/a%20b%25c%26d%3De%2Bf%23',
      );
      // %253A is an escaped percent sign followed by "3A", not an escaped colon.
      expect(decodeV3Uri('https://x.io/%253A')).toBe('https://x.io/%253A');
    });

    it('signs the decoded URI, so encoded and decoded forms verify the same', () => {
      const encoded = 'https://www.example.com/webhook_uri%3Fa%3D1%2Cb';
      const decoded = 'https://www.example.com/webhook_uri?a%3D1,b';
      expect(signatureV3(SECRET, 'POST', encoded, '[]', 5)).toBe(
        signatureV3(SECRET, 'POST', decoded, '[]', 5),
      );
    });
  });

  it('safeEqual compares exactly', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
