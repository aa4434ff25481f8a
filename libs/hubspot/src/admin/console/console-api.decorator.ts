import {
  applyDecorators,
  CallHandler,
  CanActivate,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  Type,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiExcludeController } from '../openapi.decorators';
import { Observable } from 'rxjs';
import { HubspotExceptionFilter } from '../../errors/hubspot-exception.filter';
import { CONSOLE_SECURITY_HEADERS } from './console-base-path';
import { ConsoleEnabledGuard } from './console-enabled.guard';
import { ConsoleResponse } from './console-http.types';
import { ConsoleSessionGuard } from './console-session.guard';

/** Sets the console's security headers (no caching of operator data, no sniffing) on every JSON answer. */
@Injectable()
export class ConsoleHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<ConsoleResponse>();
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) res.setHeader(name, value);
    return next.handle();
  }
}

/**
 * What every console JSON controller shares: only with `admin.console`, only for a signed-in session (CSRF
 * token on unsafe requests), the admin DTOs' strict validation, HubSpot errors mapped to HTTP, and kept out
 * of the host's OpenAPI document (the console's routes are not a public API).
 */
export function ConsoleApi(...extraGuards: Array<Type<CanActivate>>): ClassDecorator {
  return applyDecorators(
    ApiExcludeController(),
    UseGuards(ConsoleEnabledGuard, ConsoleSessionGuard, ...extraGuards),
    UseInterceptors(ConsoleHeadersInterceptor),
    UseFilters(HubspotExceptionFilter),
    UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true })),
  );
}
