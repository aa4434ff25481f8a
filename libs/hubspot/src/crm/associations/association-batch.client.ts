import { Injectable } from '@nestjs/common';
import { HubspotError, HubspotTransientError } from '../../errors';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotBatchResponse, Lane } from '../../http/hubspot-request.types';
import { HeldPermit } from '../../http/rate-limit/held-permit';
import { RowOutcome } from '../../engine/batch/batch-row.types';
import { contextValues, rowError } from '../../engine/batch/row-errors';
import { AssociationType, IdPair } from './association.types';

interface AssociationResult {
  fromObjectId?: string | number;
  toObjectId?: string | number;
  from?: { id: string };
  to?: Array<{ toObjectId?: string | number; id?: string }> | { id: string };
}

export interface AssociationBatchTarget {
  portalId: number;
  fromType: string;
  toType: string;
  types?: AssociationType[];
  lane: Lane;
  /** How the calls go out: a permit reserved beforehand (spent by the first), attempts per call. */
  call?: { permit?: HeldPermit; maxAttempts?: number };
}

const MAX_INPUTS = 100;

/**
 * Batch associations (`batch/associate/default`, or `batch/create` with labels), with an outcome per pair:
 * 207 rows are matched back to pairs, a whole-batch fatal error is bisected so the valid pairs still go in.
 */
@Injectable()
export class AssociationBatchClient {
  constructor(
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
  ) {}

  async associate(target: AssociationBatchTarget, pairs: IdPair[]): Promise<RowOutcome[]> {
    const out = new Map<string, RowOutcome>();
    const unique = [...new Map(pairs.map((p) => [pairKey(p), p])).values()];
    for (let i = 0; i < unique.length; i += MAX_INPUTS)
      await this.send(target, unique.slice(i, i + MAX_INPUTS), out);
    return pairs.map((p) => out.get(pairKey(p)) as RowOutcome);
  }

  private async send(
    target: AssociationBatchTarget,
    pairs: IdPair[],
    out: Map<string, RowOutcome>,
  ): Promise<void> {
    const labelled = !!target.types?.length;
    const path = this.paths.associationBatch(
      target.fromType,
      target.toType,
      labelled ? 'create' : 'associate/default',
    );
    const inputs = pairs.map((p) => ({
      from: { id: p.fromId },
      to: { id: p.toId },
      ...(labelled ? { types: target.types } : {}),
    }));
    let response;
    try {
      response = await this.http.post<HubspotBatchResponse<AssociationResult>>(
        path,
        { inputs },
        { portalId: target.portalId, lane: target.lane, ...target.call },
      );
    } catch (err) {
      if (!(err instanceof HubspotError)) throw err;
      if (err.retryable || pairs.length === 1 || [401, 403].includes(err.status ?? 0)) {
        for (const p of pairs) out.set(pairKey(p), { kind: err.retryable ? 'retry' : 'fatal', error: err });
        return;
      }
      const mid = Math.ceil(pairs.length / 2);
      await this.send(target, pairs.slice(0, mid), out);
      await this.send(target, pairs.slice(mid), out);
      return;
    }
    const errors = response.data?.errors ?? [];
    const ok = (p: IdPair): RowOutcome => ({
      kind: 'ok',
      hubspotId: p.toId,
      created: true,
      correlationId: response.correlationId,
    });
    if (!errors.length) {
      for (const p of pairs) out.set(pairKey(p), ok(p));
      return;
    }
    const done = new Set((response.data?.results ?? []).flatMap(resultKeys));
    const left = pairs.filter((p) => !done.has(pairKey(p)));
    for (const p of pairs) if (done.has(pairKey(p))) out.set(pairKey(p), ok(p));
    for (const raw of errors) {
      const error = rowError(raw, response.correlationId, path);
      const ids = new Set(contextValues(raw.context));
      const hit =
        errors.length === 1 && left.length === 1
          ? left
          : left.filter((p) => ids.has(p.fromId) || ids.has(p.toId));
      for (const p of hit) out.set(pairKey(p), { kind: error.retryable ? 'retry' : 'fatal', error });
    }
    const missing = new HubspotTransientError('HubSpot left this association out of the batch answer', {
      correlationId: response.correlationId,
      category: 'MISSING_FROM_RESPONSE',
    });
    for (const p of left) if (!out.has(pairKey(p))) out.set(pairKey(p), { kind: 'retry', error: missing });
  }
}

export function pairKey(p: IdPair): string {
  return `${p.fromId}:${p.toId}`;
}

function resultKeys(r: AssociationResult): string[] {
  const from = String(r.fromObjectId ?? r.from?.id ?? '');
  if (r.toObjectId !== undefined) return [`${from}:${r.toObjectId}`];
  const to = Array.isArray(r.to) ? r.to : r.to ? [r.to] : [];
  return to.map(
    (t) =>
      `${from}:${'toObjectId' in t && t.toObjectId !== undefined ? t.toObjectId : (t as { id?: string }).id}`,
  );
}
