import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { CONSOLE_SECURITY_HEADERS } from './console/console-base-path';
import { ConsoleResponse } from './console/console-http.types';

/** Operator data is never cached, sniffed or framed: the console's headers on every admin API answer. */
@Injectable()
export class AdminResponseHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<ConsoleResponse>();
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) res.setHeader?.(name, value);
    return next.handle();
  }
}
