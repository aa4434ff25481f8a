import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { AdminToken } from '../admin-token';
import { HubspotAdminGuard } from '../hubspot-admin.guard';
import { ConsoleRequest } from './console-http.types';

/**
 * Lets a browser sign in: with the admin token in the posted form (`token`), or, when the host has its own
 * guard (`admin.guard`), when that guard accepts the request. A form posted from another site is refused
 * (the browser marks it cross-site), so no page elsewhere can sign a browser into a session of its choosing.
 */
@Injectable()
export class ConsoleSignInGuard implements CanActivate {
  private readonly token: AdminToken;

  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly adminGuard: HubspotAdminGuard,
  ) {
    this.token = new AdminToken(config.admin.token);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ConsoleRequest>();
    if (!sameOrigin(req)) throw new ForbiddenException('Sign in from the console page itself');
    if (this.config.admin.guard) {
      if (await this.adminGuard.canActivate(context)) return true;
      throw new ForbiddenException("Your application's sign-in did not let you in");
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!this.token.matches(body.token)) throw new UnauthorizedException('Wrong admin token');
    return true;
  }
}

/**
 * Browsers tell where a request comes from in Sec-Fetch-Site, which a page cannot set; a form posted by
 * another site (or a sibling subdomain) says so. (Comparing Origin with Host would break behind proxies that
 * rewrite Host.)
 */
function sameOrigin(req: ConsoleRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  return site !== 'cross-site' && site !== 'same-site';
}
