import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ConsoleRequest } from './console/console-http.types';

/** Who started a run through the admin API: a signed-in console browser, or an API client ('admin'). */
export const AdminCaller = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): 'console' | 'admin' =>
    ctx.switchToHttp().getRequest<ConsoleRequest>().consoleSession ? 'console' : 'admin',
);
