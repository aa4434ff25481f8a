import { Injectable } from '@nestjs/common';
import { HubspotConflictError, HubspotError, HubspotTransientError } from '../../errors';
import { HubspotHttpClient } from '../../http/hubspot-http.client';
import { HubspotPaths } from '../../http/hubspot-paths';
import { HubspotBatchResponse, HubspotObject } from '../../http/hubspot-request.types';
import { normaliseProperties } from '../../model/property-value';
import { RowOutcome, UpsertGroup, UpsertRow } from './batch-row.types';
import { blamedProperties, contextValues, rowError } from './row-errors';

interface Input {
  key: string;
  idProperty: string;
  id: string;
  properties: Record<string, string>;
}

/** Statuses where every input fails alike: splitting the batch cannot isolate anything. */
const WHOLE_BATCH_STATUSES = new Set([401, 403, 404]);

/**
 * Sends rows of one portal/object type as batch/upsert calls and reports an outcome per row: maps a 207's
 * results and errors back to inputs, pins a whole-batch 400/409 on the inputs that caused it (blamed
 * property, else bisection) so the valid ones still go through, and turns 409 "Existing ID" into an update
 * of that record. Retryable failures are reported, not retried here: the HTTP client already retried.
 */
@Injectable()
export class BatchUpsertExecutor {
  constructor(
    private readonly http: HubspotHttpClient,
    private readonly paths: HubspotPaths,
  ) {}

  async upsert(group: UpsertGroup, rows: UpsertRow[]): Promise<RowOutcome[]> {
    const inputs = new Map<string, Input>();
    const keys = rows.map((row) => {
      const key = matchKey(row.idProperty, row.id);
      // The id property is echoed in properties so each result can be matched back to its input.
      const merged = {
        ...inputs.get(key)?.properties,
        ...normaliseProperties(row.properties),
        [row.idProperty]: row.id,
      };
      inputs.set(key, { key, idProperty: row.idProperty, id: row.id, properties: merged });
      return key;
    });
    const outcomes = new Map<string, RowOutcome>();
    await this.send(group, [...inputs.values()], outcomes);
    return keys.map((key) => outcomes.get(key) as RowOutcome);
  }

  private async send(group: UpsertGroup, inputs: Input[], out: Map<string, RowOutcome>): Promise<void> {
    if (!inputs.length) return;
    const path = this.paths.batch(group.objectType, 'upsert');
    let response;
    try {
      response = await this.http.post<HubspotBatchResponse<HubspotObject>>(
        path,
        { inputs: inputs.map((i) => ({ idProperty: i.idProperty, id: i.id, properties: i.properties })) },
        { portalId: group.portalId, lane: group.lane, ...group.call },
      );
    } catch (err) {
      if (!(err instanceof HubspotError)) throw err;
      return this.onBatchError(group, inputs, err, out);
    }
    const { results = [], errors = [] } = response.data ?? {};
    const byKey = new Map(inputs.map((i) => [i.key, i]));
    for (const result of results) {
      const input = byKey.get(resultKey(result, inputs[0].idProperty));
      if (!input) continue;
      out.set(input.key, {
        kind: 'ok',
        hubspotId: result.id,
        created: result.new === true,
        correlationId: response.correlationId,
      });
      byKey.delete(input.key);
    }
    const unattributed: HubspotError[] = [];
    for (const raw of errors) {
      const error = rowError(raw, response.correlationId, path);
      const blamed = contextValues(raw.context).map((v) => matchKey(inputs[0].idProperty, v));
      const hit = blamed.map((k) => byKey.get(k)).filter((i): i is Input => !!i);
      if (!hit.length) unattributed.push(error);
      for (const input of hit) {
        byKey.delete(input.key);
        await this.settleFailure(group, input, error, out);
      }
    }
    const left = [...byKey.values()];
    if (!left.length) return;
    if (left.length === 1 && unattributed.length === 1)
      return this.settleFailure(group, left[0], unattributed[0], out);
    if (unattributed.length) return this.isolate(group, left, out);
    const missing = new HubspotTransientError('HubSpot left this input out of the batch answer', {
      correlationId: response.correlationId,
      category: 'MISSING_FROM_RESPONSE',
      method: 'POST',
      path,
    });
    for (const input of left) out.set(input.key, { kind: 'retry', error: missing });
  }

  private async onBatchError(
    group: UpsertGroup,
    inputs: Input[],
    err: HubspotError,
    out: Map<string, RowOutcome>,
  ) {
    if (err.retryable) {
      for (const input of inputs) out.set(input.key, { kind: 'retry', error: err });
      return;
    }
    if (inputs.length === 1) return this.settleFailure(group, inputs[0], err, out);
    if (WHOLE_BATCH_STATUSES.has(err.status ?? 0)) {
      for (const input of inputs) out.set(input.key, { kind: 'fatal', error: err });
      return;
    }
    const blamed = blamedProperties(err);
    const guilty = inputs.filter((i) => blamed.some((name) => name in i.properties));
    if (guilty.length) {
      // Every input carrying a property HubSpot rejects fails alike; the others deserve a clean try.
      for (const input of guilty) out.set(input.key, { kind: 'fatal', error: err });
      return this.send(
        group,
        inputs.filter((i) => !guilty.includes(i)),
        out,
      );
    }
    return this.isolate(group, inputs, out);
  }

  /** Bisects: halves are sent separately until the failing inputs stand alone. */
  private async isolate(group: UpsertGroup, inputs: Input[], out: Map<string, RowOutcome>): Promise<void> {
    if (inputs.length === 1) return this.send(group, inputs, out);
    const mid = Math.ceil(inputs.length / 2);
    await this.send(group, inputs.slice(0, mid), out);
    await this.send(group, inputs.slice(mid), out);
  }

  /** 409 "Existing ID": the record exists under another key; update it by record id instead of failing. */
  private async settleFailure(
    group: UpsertGroup,
    input: Input,
    err: HubspotError,
    out: Map<string, RowOutcome>,
  ) {
    if (!(err instanceof HubspotConflictError) || !err.existingId) {
      out.set(input.key, { kind: err.retryable ? 'retry' : 'fatal', error: err });
      return;
    }
    try {
      const res = await this.http.patch<HubspotObject>(
        this.paths.object(group.objectType, err.existingId),
        { properties: input.properties },
        { portalId: group.portalId, lane: group.lane, ...group.call },
      );
      out.set(input.key, {
        kind: 'ok',
        hubspotId: res.data?.id ?? err.existingId,
        created: false,
        correlationId: res.correlationId,
      });
    } catch (updateErr) {
      if (!(updateErr instanceof HubspotError)) throw updateErr;
      out.set(input.key, { kind: updateErr.retryable ? 'retry' : 'fatal', error: updateErr });
    }
  }
}

/** HubSpot matches emails case-insensitively; other unique values as they are. */
export function matchKey(idProperty: string, id: string): string {
  return idProperty === 'email' ? id.trim().toLowerCase() : id;
}

function resultKey(result: HubspotObject, idProperty: string): string {
  const value = result.properties?.[idProperty];
  return value === null || value === undefined ? `\u0000${result.id}` : matchKey(idProperty, value);
}
