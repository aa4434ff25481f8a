import { Injectable } from '@nestjs/common';
import { DispatchKind, DispatchKindHandler } from './dispatch.types';

/** The handler of each record kind; the upsert handler is the engine's, others register from above it. */
@Injectable()
export class DispatchKinds {
  private readonly handlers = new Map<DispatchKind, DispatchKindHandler>();

  register(handler: DispatchKindHandler): void {
    this.handlers.set(handler.kind, handler);
  }

  get(kind: DispatchKind): DispatchKindHandler | undefined {
    return this.handlers.get(kind);
  }
}
