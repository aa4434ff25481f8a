import { All, Controller, Next, Req, Res, Type, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '../openapi.decorators';
import { ConsoleEnabledGuard } from './console-enabled.guard';
import { ConsoleRequest, ConsoleResponse } from './console-http.types';
import { ConsoleSessionGuard } from './console-session.guard';
import { QueuesBoard } from './queues-board';

/** Bull Board at `<console>/queues`, behind the console's session (and CSRF token for anything unsafe). */
@ApiExcludeController()
@UseGuards(ConsoleEnabledGuard, ConsoleSessionGuard)
export class ConsoleQueuesController {
  constructor(private readonly board: QueuesBoard) {}

  @All(['queues', 'queues/*path'])
  serve(
    @Req() req: ConsoleRequest,
    @Res() res: ConsoleResponse,
    @Next() next: (err?: unknown) => void,
  ): void {
    const path = (req.originalUrl ?? req.url).split('?')[0];
    const basePath = path.slice(0, path.indexOf('/queues', path.lastIndexOf('/console')) + '/queues'.length);
    this.board.handle(req, res, basePath, next);
  }
}

export function consoleQueuesControllerAt(path: string): Type {
  class MountedConsoleQueuesController extends ConsoleQueuesController {}
  Controller(path)(MountedConsoleQueuesController);
  return MountedConsoleQueuesController;
}
