import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { of } from 'rxjs';
import { HubspotConfig } from '../config/hubspot.config';
import { HubspotAdminGuard } from './hubspot-admin.guard';

const TOKEN = 'admin-token-0123456789';

function context(authorization?: string): ExecutionContext {
  const request = { headers: authorization === undefined ? {} : { authorization } };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

function guard(admin: Partial<HubspotConfig['admin']>, moduleRef: Partial<ModuleRef> = {}) {
  return new HubspotAdminGuard({ admin } as HubspotConfig, moduleRef as ModuleRef);
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
});
