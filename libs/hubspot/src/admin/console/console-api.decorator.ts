import { applyDecorators, CanActivate, Type, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { HubspotExceptionFilter } from '../../errors/hubspot-exception.filter';
import { AdminResponseHeadersInterceptor } from '../admin-response-headers.interceptor';
import { ApiExcludeController } from '../openapi.decorators';
import { ConsoleEnabledGuard } from './console-enabled.guard';
import { ConsoleSessionGuard } from './console-session.guard';

/**
 * The console's own JSON routes (what only the console shows): only with `admin.console`, only for a
 * signed-in session (CSRF token on unsafe requests), never cached, and kept out of the host's OpenAPI
 * document (they are not a public API; everything else the console asks of the admin API).
 */
export function ConsoleApi(...extraGuards: Array<Type<CanActivate>>): ClassDecorator {
  return applyDecorators(
    ApiExcludeController(),
    UseGuards(ConsoleEnabledGuard, ConsoleSessionGuard, ...extraGuards),
    UseInterceptors(AdminResponseHeadersInterceptor),
    UseFilters(HubspotExceptionFilter),
  );
}
