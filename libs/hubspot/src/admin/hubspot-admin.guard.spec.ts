import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { of } from 'rxjs';
import { HubspotConfig } from '../config/hubspot.config';
import { ConsoleSessionStore } from './console/console-session.store';
import { HubspotAdminGuard } from './hubspot-admin.guard';

const TOKEN = 'admin-token-0123456789';

function context(
  authorization?: string,
  extra: Record<string, string> = {},
  method = 'GET',
): ExecutionContext {
  const request = {
    method,
    headers: { ...(authorization === undefined ? {} : { authorization }), ...extra },
  };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

/** A console session 'sid' with CSRF token 'csrf-1'. */
const sessions = {
  find: async (id?: string) => (id === 'sid' ? { csrfToken: 'csrf-1', via: 'token', createdAt: 0 } : null),
} as unknown as ConsoleSessionStore;

function guard(admin: Partial<HubspotConfig['admin']>, moduleRef: Partial<ModuleRef> = {}) {
  return new HubspotAdminGuard({ admin } as HubspotConfig, moduleRef as ModuleRef, sessions);
}

describe('HubspotAdminGuard', () => {
  it('accepts the configured bearer token', async () => {
    await expect(guard({ token: TOKEN }).canActivate(context(`Bearer ${TOKEN}`))).resolves.toBe(true);
    await expect(guard({ token: TOKEN }).canActivate(context(`bearer   ${TOKEN}`))).resolves.toBe(true);
  });

  it.each([undefined, '', 'Bearer', `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, TOKEN, 'Bearer admin-token'])(
    'refuses %p with 401',
    async (header) => {
      await expect(guard({ token: TOKEN }).canActivate(context(header))).rejects.toBeInstanceOf(
        UnauthorizedException,
      );
    },
  );

  it('refuses everything when no token and no host guard are configured', async () => {
    await expect(guard({}).canActivate(context('Bearer anything'))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
  });

  it('lets a host guard instance decide (the token is then not consulted)', async () => {
    const hostGuard: CanActivate = { canActivate: jest.fn().mockReturnValue(of(true)) };
    const g = guard({ token: TOKEN, guard: hostGuard });
    await expect(g.canActivate(context())).resolves.toBe(true);
    (hostGuard.canActivate as jest.Mock).mockReturnValue(false);
    await expect(g.canActivate(context(`Bearer ${TOKEN}`))).resolves.toBe(false);
  });

  it('resolves a host guard class from the host providers, or builds it with DI', async () => {
    @Injectable()
    class HostGuard implements CanActivate {
      canActivate() {
        return true;
      }
    }
    const instance = new HostGuard();
    const fromProviders = guard({ guard: HostGuard }, { get: jest.fn().mockReturnValue(instance) as never });
    await expect(fromProviders.canActivate(context())).resolves.toBe(true);

    const create = jest.fn().mockResolvedValue(instance);
    const built = guard(
      { guard: HostGuard },
      {
        get: jest.fn(() => {
          throw new Error('unknown');
        }) as never,
        create: create as never,
      },
    );
    await expect(built.canActivate(context())).resolves.toBe(true);
    await built.canActivate(context());
    expect(create).toHaveBeenCalledTimes(1);
  });

  describe('with the console on', () => {
    const admin = { token: TOKEN, console: true };
    it('lets a signed-in console browser read, without the bearer token', async () => {
      await expect(
        guard(admin).canActivate(context(undefined, { cookie: 'hubspot_console=sid' })),
      ).resolves.toBe(true);
    });
    it('refuses its unsafe requests without the session CSRF token (403)', async () => {
      const post = (extra: Record<string, string>) =>
        context(undefined, { cookie: 'hubspot_console=sid', ...extra }, 'POST');
      await expect(guard(admin).canActivate(post({}))).rejects.toThrow(/CSRF/);
      await expect(guard(admin).canActivate(post({ 'x-csrf-token': 'other' }))).rejects.toThrow(/CSRF/);
      await expect(guard(admin).canActivate(post({ 'x-csrf-token': 'csrf-1' }))).resolves.toBe(true);
    });
    it('an unknown session still needs the bearer token', async () => {
      await expect(
        guard(admin).canActivate(context(undefined, { cookie: 'hubspot_console=forged' })),
      ).rejects.toBeInstanceOf(UnauthorizedException);
    });
    it('ignores the cookie when the console is off', async () => {
      await expect(
        guard({ token: TOKEN }).canActivate(context(undefined, { cookie: 'hubspot_console=sid' })),
      ).rejects.toBeInstanceOf(UnauthorizedException);
    });
  });
});
