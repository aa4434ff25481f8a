import { HubspotConfigError } from '../errors';
import { resolveHubspotConfig } from './hubspot.config';

describe('resolveHubspotConfig', () => {
  it('applies defaults to a minimal private-app configuration', () => {
    const config = resolveHubspotConfig({ auth: { type: 'private-app', accessToken: 'pat-na1-abcdef' } });
    expect(config.baseUrl).toBe('https://api.hubapi.com');
    expect(config.limits).toMatchObject({ maxPerWindow: 100, windowMs: 10_000, searchPerSecond: 5 });
    expect(config.sync.batchSize).toBe(100);
    expect(config.auth.portalId).toBe(0);
  });

  it('names every bad option and what to fix', () => {
    const attempt = () =>
      resolveHubspotConfig({
        auth: { type: 'private-app' },
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
      expect(message).toContain("auth.accessToken is required when auth.type is 'private-app'");
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
      resolveHubspotConfig({ auth: { type: 'private-app', accessToken: 'pat-secret-value' }, baseUrl: 'x' });
    } catch (e) {
      expect((e as Error).message).not.toContain('pat-secret-value');
    }
  });
});

describe('resolveHubspotConfig: unknown options', () => {
  it('names a misspelt option instead of silently ignoring it', () => {
    expect(() =>
      resolveHubspotConfig({
        auth: { type: 'private-app', accessToken: 'pat-na1-abcdef' },
        limit: { maxPerWindow: 190 },
        sync: { batchsize: 50 },
      }),
    ).toThrow(/property limit should not exist[\s\S]*sync.batchsize: property batchsize should not exist/);
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
