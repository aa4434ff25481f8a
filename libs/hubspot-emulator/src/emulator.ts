import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { registerControlRoutes } from './control/control.routes';
import { EmulatorControl } from './control/emulator-control';
import { EmulatorOptions } from './emulator.options';
import { EmulatorState } from './emulator.state';
import { createRequestListener } from './http/request-pipeline';
import { RouteTable } from './http/route-table';
import { registerAccountRoutes } from './routes/account.routes';
import { registerAssociationV3Routes } from './routes/associations-v3.routes';
import { registerAssociationV4BatchRoutes } from './routes/associations-v4-batch.routes';
import { registerAssociationV4Routes } from './routes/associations-v4.routes';
import { registerBatchRoutes } from './routes/batch.routes';
import { registerMergeRoutes } from './routes/merge.routes';
import { registerOAuthRoutes } from './routes/oauth.routes';
import { OAuthService } from './core/oauth-service';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { registerListRoutes } from './routes/lists.routes';
import { registerObjectRoutes } from './routes/objects.routes';
import { registerOwnerRoutes } from './routes/owners.routes';
import { registerPipelineRoutes } from './routes/pipelines.routes';
import { registerPropertyRoutes } from './routes/properties.routes';
import { registerSchemaRoutes } from './routes/schemas.routes';
import { registerSearchRoutes } from './routes/search.routes';

export interface EmulatorHandle {
  /** Base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  port: number;
  /** The address the server is bound to (127.0.0.1 unless `host` said otherwise). */
  host: string;
  control: EmulatorControl;
  stop(): Promise<void>;
}

export function buildRoutes(control: EmulatorControl, oauth: OAuthService): RouteTable {
  const table = new RouteTable();
  registerOAuthRoutes(table, oauth);
  registerMergeRoutes(table);
  registerObjectRoutes(table);
  registerBatchRoutes(table);
  registerPropertyRoutes(table);
  registerSearchRoutes(table);
  registerAssociationV4Routes(table);
  registerAssociationV4BatchRoutes(table);
  registerAssociationV3Routes(table);
  registerListRoutes(table);
  registerSchemaRoutes(table);
  registerAccountRoutes(table);
  registerOwnerRoutes(table);
  registerPipelineRoutes(table);
  registerControlRoutes(table, control);
  return table;
}

/** Starts the emulator on `options.port` (0 = any free port) and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const state = new EmulatorState(options);
  const oauth = new OAuthService(state);
  const control = new EmulatorControl(state, oauth, new WebhookDispatcher(state));
  const table = buildRoutes(control, oauth);
  const server: Server = createServer({ keepAliveTimeout: 65_000 }, createRequestListener(state, table));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  let stopped = false;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    host: (server.address() as AddressInfo).address,
    control,
    async stop() {
      if (stopped) return;
      stopped = true;
      await control.shutdown();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
