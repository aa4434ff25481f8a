import { HubspotConfigError } from '../errors';
import { resolveHubspotConfig } from './hubspot.config';

describe('resolveHubspotConfig', () => {
  it('applies defaults to a minimal static-token configuration', () => {
    const config = resolveHubspotConfig({ auth: { type: 'static-token', accessToken: 'pat-na1-abcdef' } });
    expect(config.baseUrl).toBe('https://api.hubapi.com');
    expect(config.limits).toMatchObject({ maxPerWindow: 100, windowMs: 10_000, searchPerSecond: 5 });
    expect(config.sync.batchSize).toBe(100);
    expect(config.auth.portalId).toBe(0);
    expect(config.apiVersion).toBe('2026-09');
    expect(config.auth).toMatchObject({ type: 'static-token', kind: undefined, deprecatedType: undefined });
  });

  it('counts association calls against the general window by default, and takes Redis Cluster nodes', () => {
    const auth = { type: 'private-app', accessToken: 'pat-na1-abcdef' };
    expect(resolveHubspotConfig({ auth }).limits.associationsShareGeneralBudget).toBe(true);
    expect(resolveHubspotConfig({ auth }).redis.cluster).toBeUndefined();
    const cluster = resolveHubspotConfig({
      auth,
      redis: { cluster: { nodes: [{ host: '10.0.0.1', port: 7000 }] } },
      limits: { associationsShareGeneralBudget: false },
    });
    expect(cluster.redis.cluster).toEqual({ nodes: [{ host: '10.0.0.1', port: 7000 }] });
    expect(cluster.limits.associationsShareGeneralBudget).toBe(false);
    expect(() => resolveHubspotConfig({ auth, redis: { cluster: { nodes: [] } } })).toThrow(
      /redis.cluster.nodes/,
    );
    expect(() =>
      resolveHubspotConfig({ auth, redis: { cluster: { nodes: [{ host: 'x', port: 0 }] } } }),
    ).toThrow(/redis.cluster.nodes.0.port/);
    expect(() => resolveHubspotConfig({ auth, redis: { keyPrefix: '{app}' } })).toThrow(/hash tags/);
  });

  it('names every bad option and what to fix', () => {
    const attempt = () =>
      resolveHubspotConfig({
        auth: { type: 'static-token' },
        baseUrl: 'not a url',
        limits: { maxPerWindow: 0 },
        sync: { batchSize: 500 },
      });
    expect(attempt).toThrow(HubspotConfigError);
    try {
      attempt();
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain('baseUrl');
      expect(message).toContain('limits.maxPerWindow');
      expect(message).toContain('sync.batchSize');
      expect(message).toContain("auth.accessToken is required when auth.type is 'static-token'");
    }
  });

  it('requires the OAuth settings and a 32-byte encryption key', () => {
    expect(() =>
      resolveHubspotConfig({
        auth: { type: 'oauth', clientId: 'id', clientSecret: 'secret-123', encryptionKey: 'short' },
      }),
    ).toThrow(/auth.redirectUri is required[\s\S]*auth.encryptionKey must be 32 bytes/);
  });

  it('never echoes a secret in its message', () => {
    try {
      resolveHubspotConfig({ auth: { type: 'static-token', accessToken: 'pat-secret-value' }, baseUrl: 'x' });
    } catch (e) {
      expect((e as Error).message).not.toContain('pat-secret-value');
    }
  });
});

describe('resolveHubspotConfig: where the signed webhook URI comes from', () => {
  const auth = { type: 'private-app', accessToken: 'pat-na1-abcdef' };

  it('fails boot naming webhooks.publicBaseUrl when webhooks are on without it or an allow-list', () => {
    expect(() => resolveHubspotConfig({ auth, webhooks: { clientSecrets: ['secret-123'] } })).toThrow(
      /webhooks\.publicBaseUrl is required/,
    );
    expect(() =>
      resolveHubspotConfig({
        auth,
        webhooks: { clientSecrets: ['secret-123'], trustForwardedHeaders: true },
      }),
    ).toThrow(/webhooks\.publicBaseUrl is required/);
  });

  it('accepts a public URL, or an allow-list of hosts (names, optionally with a port)', () => {
    const publicUrl = { clientSecrets: ['secret-123'], publicBaseUrl: 'https://api.example.com/' };
    expect(resolveHubspotConfig({ auth, webhooks: publicUrl }).webhooks?.publicBaseUrl).toBe(
      'https://api.example.com',
    );
    const hosts = { clientSecrets: ['secret-123'], allowedHosts: ['hooks.example.com', '10.0.0.5:8080'] };
    expect(resolveHubspotConfig({ auth, webhooks: hosts }).webhooks?.allowedHosts).toEqual(
      hosts.allowedHosts,
    );
    expect(() =>
      resolveHubspotConfig({
        auth,
        webhooks: { clientSecrets: ['secret-123'], allowedHosts: ['https://x/'] },
      }),
    ).toThrow(/webhooks\.allowedHosts/);
  });
});

describe('resolveHubspotConfig: unknown options', () => {
  it('names a misspelt option instead of silently ignoring it', () => {
    expect(() =>
      resolveHubspotConfig({
        auth: { type: 'static-token', accessToken: 'pat-na1-abcdef' },
        limit: { maxPerWindow: 190 },
        sync: { batchsize: 50 },
      }),
    ).toThrow(/property limit should not exist[\s\S]*sync.batchsize: property batchsize should not exist/);
  });

  it('turns the console on only with a way to sign in', () => {
    const auth = { type: 'private-app', accessToken: 'pat-na1-abcdef' };
    expect(() => resolveHubspotConfig({ auth, admin: { console: true } })).toThrow(
      /admin.console needs admin.token or admin.guard/,
    );
    const config = resolveHubspotConfig({ auth, admin: { token: 'admin-token-0123456789', console: true } });
    expect(config.admin).toMatchObject({ console: true, consoleSessionTtlMs: 8 * 3_600_000 });
    expect(resolveHubspotConfig({ auth }).admin.console).toBe(false);
    expect(() => resolveHubspotConfig({ auth, admin: { consoleSessionTtlMs: 1000 } })).toThrow(
      /admin.consoleSessionTtlMs/,
    );
  });
});

describe('resolveHubspotConfig: API version', () => {
  const auth = { type: 'static-token', accessToken: 'pat-na1-abcdef' };

  it('takes a supported dated version', () => {
    expect(resolveHubspotConfig({ auth, apiVersion: '2026-03' }).apiVersion).toBe('2026-03');
  });

  it.each(['v3', '2026-06', '2027-03', 'latest'])(
    'refuses %s and lists the supported versions',
    (apiVersion) => {
      expect(() => resolveHubspotConfig({ auth, apiVersion })).toThrow(
        /apiVersion must be one of 2026-03, 2026-09/,
      );
    },
  );
});

describe('resolveHubspotConfig: credentials', () => {
  it("keeps accepting auth.type 'private-app' as a static token of kind 'private-app'", () => {
    const config = resolveHubspotConfig({ auth: { type: 'private-app', accessToken: 'pat-na1-abcdef' } });
    expect(config.auth).toMatchObject({
      type: 'static-token',
      kind: 'private-app',
      deprecatedType: 'private-app',
    });
  });

  it('names the kind of static token, and only for static tokens', () => {
    const config = resolveHubspotConfig({
      auth: { type: 'static-token', kind: 'service-key', accessToken: 'svc-key-abcdef' },
    });
    expect(config.auth.kind).toBe('service-key');
    expect(() =>
      resolveHubspotConfig({ auth: { type: 'static-token', kind: 'api-key', accessToken: 'x-abcdefgh' } }),
    ).toThrow(/auth.kind must be 'private-app', 'service-key' or 'static-auth'/);
    expect(() =>
      resolveHubspotConfig({
        auth: {
          type: 'oauth',
          kind: 'static-auth',
          clientId: 'id',
          clientSecret: 'secret-123',
          redirectUri: 'https://app.example/cb',
          scopes: ['oauth'],
          encryptionKey: 'a'.repeat(64),
        },
      }),
    ).toThrow(/auth.kind describes a static token/);
  });

  it('refuses an unknown auth.type without asking for a token', () => {
    expect(() => resolveHubspotConfig({ auth: { type: 'api-key' } })).toThrow(
      /auth.type must be 'static-token' or 'oauth'/,
    );
    try {
      resolveHubspotConfig({ auth: { type: 'api-key' } });
    } catch (e) {
      expect((e as Error).message).not.toContain('accessToken');
    }
  });
});

describe('resolveHubspotConfig: limits by credential and tier', () => {
  const staticToken = { type: 'static-token', accessToken: 'pat-na1-abcdef' };
  const oauth = {
    type: 'oauth',
    clientId: 'id',
    clientSecret: 'secret-123',
    redirectUri: 'https://app.example/cb',
    scopes: ['oauth'],
    encryptionKey: 'a'.repeat(64),
  };
  const limits = (auth: object, given?: object) => resolveHubspotConfig({ auth, limits: given }).limits;

  it.each([
    [undefined, 0, 100, 100],
    ['free', 0, 100, 100],
    ['starter', 0, 100, 100],
    ['professional', 0, 190, 150],
    ['enterprise', 0, 190, 150],
    ['starter', 1, 250, 200],
    ['enterprise', 2, 250, 200],
  ])(
    'static token, tier %s with %i increases: %i per 10 s, associations %i',
    (tier, increases, max, assoc) => {
      expect(limits(staticToken, { tier, apiLimitIncreases: increases })).toMatchObject({
        maxPerWindow: max,
        associationsPerWindow: assoc,
      });
    },
  );

  it("gives an OAuth app HubSpot's 110 per installing account", () => {
    expect(limits(oauth)).toMatchObject({ maxPerWindow: 110, associationsPerWindow: 100 });
  });

  it('lets explicit numbers win over the tier', () => {
    expect(
      limits(staticToken, { tier: 'enterprise', maxPerWindow: 40, associationsPerWindow: 20 }),
    ).toMatchObject({ maxPerWindow: 40, associationsPerWindow: 20 });
  });

  it('refuses an unknown tier and more than two increases', () => {
    expect(() => limits(staticToken, { tier: 'ultimate' })).toThrow(/limits.tier must be/);
    expect(() => limits(staticToken, { apiLimitIncreases: 3 })).toThrow(/limits.apiLimitIncreases/);
  });
});

describe('resolveHubspotConfig: did you mean', () => {
  const auth = { type: 'private-app', accessToken: 'pat-na1-abcdef' };
  const problems = (options: Record<string, unknown>): string => {
    try {
      resolveHubspotConfig({ auth, ...options });
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected the options to be refused');
  };

  it('suggests the closest option name, at any depth and whatever the case', () => {
    expect(problems({ limit: {} })).toContain("property limit should not exist (did you mean 'limits'?)");
    expect(problems({ sync: { batchsize: 5 } })).toContain(
      "sync.batchsize: property batchsize should not exist (did you mean 'batchSize'?)",
    );
    expect(problems({ sync: { ensurePropertiesOnBot: false } })).toContain(
      "(did you mean 'ensurePropertiesOnBoot'?)",
    );
  });

  it('lists the known names when nothing is close, and places a misplaced extra', () => {
    expect(problems({ metrics: { zzz: true } })).toContain('should not exist (known: enabled)');
    expect(problems({ isGlobal: true })).toContain(
      'isGlobal is a module extra: pass it next to useFactory/inject, not in the options',
    );
    expect(problems({ webhookPath: 'x' })).toContain("(did you mean 'webhooksPath'?)");
  });
});

describe('resolveHubspotConfig: objects', () => {
  const auth = { type: 'private-app', accessToken: 'pat-na1-abcdef' };

  it('ensures properties on boot by default and resolves declarations with their owners', () => {
    const config = resolveHubspotConfig({
      auth,
      objects: {
        contacts: {
          properties: [
            { name: 'firstname' },
            { name: 'lifecyclestage', owner: 'hubspot' },
            {
              name: 'plan',
              label: 'Plan',
              type: 'enumeration',
              fieldType: 'select',
              options: [{ label: 'Free', value: 'free' }],
              owner: 'local-if-set',
            },
            { name: 'beta_tester', label: 'Beta tester', type: 'bool', fieldType: 'booleancheckbox' },
          ],
        },
        p_projects: {
          properties: [
            { name: 'budget', label: 'Budget', type: 'number', fieldType: 'number', groupName: 'projects' },
          ],
        },
      },
    });
    expect(config.sync.ensurePropertiesOnBoot).toBe(true);
    expect(config.objects.contacts.properties).toEqual([
      { name: 'firstname', owner: 'local' },
      { name: 'lifecyclestage', owner: 'hubspot' },
      {
        name: 'plan',
        owner: 'local-if-set',
        definition: {
          name: 'plan',
          label: 'Plan',
          type: 'enumeration',
          fieldType: 'select',
          groupName: 'contactinformation',
          options: [{ label: 'Free', value: 'free' }],
        },
      },
      expect.objectContaining({
        name: 'beta_tester',
        definition: expect.objectContaining({
          options: [expect.objectContaining({ value: 'true' }), expect.anything()],
        }),
      }),
    ]);
    expect(config.objects.p_projects.properties[0].definition?.groupName).toBe('projects');
    expect(resolveHubspotConfig({ auth }).objects).toEqual({});
  });

  it('names what is wrong with a declaration', () => {
    let message = '';
    try {
      resolveHubspotConfig({
        auth,
        objects: {
          contacts: {
            properties: [
              { name: 'Plan' },
              { name: 'plan', type: 'enumeration', label: 'Plan', fieldType: 'select' },
              { name: 'tier', label: 'Tier' },
              { name: 'seats', owner: 'nobody' },
              { name: 'app_user_id', label: 'Mine', type: 'string', fieldType: 'text' },
              { name: 'seats', labl: 'x' },
            ],
          },
          p_projects: { properties: [{ name: 'budget', label: 'B', type: 'number', fieldType: 'number' }] },
          'Bad Type': { properties: [] },
          deals: { props: [] },
        },
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('objects.contacts.properties.0.name: name must be a HubSpot internal name');
    expect(message).toContain('objects.contacts.properties.1 (plan): an enumeration needs options');
    expect(message).toContain(
      'objects.contacts.properties.2 (tier): a custom property needs type, fieldType (a reference to an existing property has only name and owner)',
    );
    expect(message).toMatch(
      /objects\.contacts\.properties\.3\.owner: owner must be one of the following values: local, local-if-set, hubspot/,
    );
    expect(message).toContain(
      "objects.contacts.properties.4 (app_user_id): the module creates this property itself; reference it as { name: 'app_user_id' }",
    );
    expect(message).toContain(
      "objects.contacts.properties.5.labl: property labl should not exist (did you mean 'label'?)",
    );
    expect(message).toContain('objects.p_projects.properties.0 (budget): a custom property needs groupName');
    expect(message).toContain('objects.Bad Type: object type must be a HubSpot object type name');
    expect(message).toContain(
      "objects.deals.props: property props should not exist (did you mean 'properties'?)",
    );
    expect(message).toContain('objects.deals.properties: properties must be an array');
  });
});
