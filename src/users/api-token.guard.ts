import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { appEnvConfig, AppEnvConfig } from '../config/app-env.config';

/**
 * The example's stand-in for a real login: `Authorization: Bearer <APP_API_TOKEN>`, compared in constant
 * time. Without APP_API_TOKEN every request is refused, so the user routes are never open by accident.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(appEnvConfig.KEY) env: AppEnvConfig) {
    if (env.APP_API_TOKEN) this.expected = digest(env.APP_API_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>()
      .headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
    if (!this.expected || !match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new UnauthorizedException('A valid bearer token is required');
    }
    return true;
  }
}

/** Equal-length digests, so the comparison never leaks the token's length. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
