import { IncomingMessage, ServerResponse } from 'node:http';
import { FaultSpec } from '../emulator.options';
import { send } from './send';

const DEFAULT_BODIES: Record<number, (cid: string) => Record<string, unknown>> = {
  423: (cid) => ({
    status: 'error',
    message: 'The resource is locked; try again in a few seconds.',
    correlationId: cid,
    category: 'LOCKED',
  }),
  429: (cid) => ({
    status: 'error',
    message: 'You have reached your ten_secondly_rolling limit.',
    errorType: 'RATE_LIMIT',
    correlationId: cid,
    policyName: 'TEN_SECONDLY_ROLLING',
    groupName: 'publicapi:injected-fault',
  }),
  477: (cid) => ({
    status: 'error',
    message: 'Migration in progress',
    correlationId: cid,
    category: 'MIGRATION_IN_PROGRESS',
  }),
};

function defaultBody(status: number, cid: string): Record<string, unknown> {
  const make = DEFAULT_BODIES[status];
  if (make) return make(cid);
  return {
    status: 'error',
    message: status >= 500 ? 'internal error' : 'injected fault',
    correlationId: cid,
    category: status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR',
  };
}

/**
 * Applies a fault. Returns the status recorded in stats when the fault answered the request, or
 * undefined when it only added latency and the request continues normally.
 */
export async function applyFault(
  fault: FaultSpec,
  req: IncomingMessage,
  res: ServerResponse,
  correlationId: string,
): Promise<number | string | undefined> {
  if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
  if (fault.drop) {
    req.socket.destroy();
    return 'dropped';
  }
  const headers: Record<string, string> = {
    'X-HubSpot-Correlation-Id': correlationId,
    ...(fault.headers ?? {}),
  };
  if (fault.malformed) {
    const status = fault.status ?? 200;
    const text = '{"status":"COMPLETE","results":[{"id":"1","properties":{"email":';
    send(res, status, undefined, { 'Content-Type': 'application/json;charset=utf-8', ...headers }, text);
    return status;
  }
  if (fault.status) {
    if (fault.status === 477 && !Object.keys(headers).some((h) => h.toLowerCase() === 'retry-after')) {
      headers['Retry-After'] = '1';
    }
    const body = fault.body === undefined ? defaultBody(fault.status, correlationId) : fault.body;
    if (typeof body === 'string') send(res, fault.status, undefined, headers, body);
    else send(res, fault.status, body, headers);
    return fault.status;
  }
  return undefined;
}
