import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { HubspotConfig } from '../../hubspot.config';
import { HUBSPOT_CONFIG } from '../../hubspot.constants';

/** Guards the OAuth admin routes (list, disconnect) with the admin bearer token (`admin.token`). */
@Injectable()
export class OAuthAdminGuard implements CanActivate {
  constructor(@Inject(HUBSPOT_CONFIG) private readonly config: HubspotConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.admin.token;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    // Hash both sides so the comparison is constant-time whatever the lengths.
    if (!expected || !given || !timingSafeEqual(digest(given), digest(expected))) {
      throw new UnauthorizedException('Admin bearer token required');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
