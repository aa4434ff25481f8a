import {
  applyDecorators,
  CanActivate,
  Type,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiUnauthorizedResponse } from './openapi.decorators';
import { DatabaseErrorFilter } from '../errors/database-error.filter';
import { HubspotExceptionFilter } from '../errors/hubspot-exception.filter';
import { AdminResponseHeadersInterceptor } from './admin-response-headers.interceptor';
import { HubspotAdminGuard } from './hubspot-admin.guard';

/**
 * What every admin controller shares: the admin guard (then any extra guards), strict DTO validation (the
 * routes take their inputs through AdminQuery/AdminBody/AdminIdParam, which validate the raw request whatever
 * the host's global pipes do), HubSpot and database errors mapped to HTTP, answers never cached, and the
 * OpenAPI tag and security scheme. The console calls these same routes with its session.
 */
export function HubspotAdminApi(...extraGuards: Array<Type<CanActivate>>): ClassDecorator {
  return applyDecorators(
    ApiTags('hubspot-admin'),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or wrong admin credential' }),
    UseGuards(HubspotAdminGuard, ...extraGuards),
    UseInterceptors(AdminResponseHeadersInterceptor),
    UseFilters(HubspotExceptionFilter, DatabaseErrorFilter),
    UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true })),
  );
}
