import { CaseContext } from '../core/contract.types';

/**
 * Records a case creates for its own use: tagged with the run id (email, lastname, name) and archived
 * after the case, whatever happened. Setup uses the legacy paths, which every account serves.
 */
export async function tempContact(ctx: CaseContext, local: string, properties: Record<string, string> = {}) {
  const email = ctx.email(local);
  const res = await ctx.send({
    method: 'POST',
    path: '/crm/v3/objects/contacts',
    body: { properties: { email, lastname: ctx.tag('contacts'), ...properties } },
  });
  const id = String(res.json.id);
  ctx.cleanup(() => archive(ctx, 'contacts', id));
  return { id, email };
}

export async function tempCompany(ctx: CaseContext, local: string) {
  const name = ctx.tag(local);
  const res = await ctx.send({
    method: 'POST',
    path: '/crm/v3/objects/companies',
    body: { properties: { name, domain: `${name}.example.com` } },
  });
  const id = String(res.json.id);
  ctx.cleanup(() => archive(ctx, 'companies', id));
  return { id, name };
}

/** Archives one record; a record already gone is fine. */
export async function archive(ctx: CaseContext, type: string, id: string): Promise<void> {
  await ctx.send({ method: 'DELETE', path: `/crm/v3/objects/${type}/${id}` }).catch((err: Error) => {
    if (!/ 404/.test(err.message)) throw err;
  });
}

/** Archives what a create answered (a 201 record, or every result of a batch), after the case. */
export function archiveCreated(ctx: CaseContext, type: string, json: unknown): void {
  const body = json as { id?: unknown; results?: Array<{ id?: unknown }> } | undefined;
  const ids = body?.results ? body.results.map((r) => r.id) : [body?.id];
  for (const id of ids) if (id !== undefined) ctx.cleanup(() => archive(ctx, type, String(id)));
}

/** Type of a JSON value as the contract compares it: 'string', 'number', 'array', ... */
export function kind(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
