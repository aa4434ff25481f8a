import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { HubspotConfig } from '../../config/hubspot.config';
import { InjectHubspotConfig } from '../../config/inject-hubspot-config.decorator';
import { ConsoleAssets } from './console-assets';
import { CONSOLE_SECURITY_HEADERS, consoleBasePath } from './console-base-path';
import { ConsoleRequest, ConsoleResponse } from './console-http.types';

/**
 * A browser that is not signed in gets the sign-in page, with the 401 (or 403) status the guard chose and
 * its reason, instead of a JSON error.
 */
@Catch(UnauthorizedException, ForbiddenException)
@Injectable()
export class ConsoleSignInPageFilter implements ExceptionFilter<UnauthorizedException | ForbiddenException> {
  constructor(
    @InjectHubspotConfig() private readonly config: HubspotConfig,
    private readonly assets: ConsoleAssets,
  ) {}

  catch(error: UnauthorizedException | ForbiddenException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<ConsoleRequest>();
    const res = host.switchToHttp().getResponse<ConsoleResponse>();
    const hostGuard = !!this.config.admin.guard;
    // Landing on the page unsigned is the normal way in, not an error worth a red banner.
    const reason = req.method === 'GET' ? '' : error.message;
    const html = this.assets.render('sign-in.html', {
      base: consoleBasePath(req),
      error: reason,
      errorHidden: reason ? '' : 'hidden',
      tokenHidden: hostGuard ? 'hidden' : '',
      hostGuardHidden: hostGuard ? '' : 'hidden',
    });
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.status(error.getStatus()).send(html);
  }
}
