import type { ApiObject, EmulatorHandle } from '@app/hubspot-emulator';
import { createConnection } from 'mysql2/promise';
import { DbSettings } from './demo-database';

interface UserRow {
  id: number;
  email: string;
  plan: string;
  status: string;
  company_domain: string | null;
}

export interface Verification {
  ok: boolean;
  problems: string[];
  users: number;
  contacts: number;
  companies: number;
  archived: number;
}

/** Local truth against what the emulator holds: one live contact per user with the right plan/churn, one company per domain. */
export async function verify(
  db: DbSettings,
  database: string,
  emulator: EmulatorHandle,
  portalId: number,
  companyKeyProperty: string,
): Promise<Verification> {
  const conn = await createConnection({ ...db, database });
  let users: UserRow[];
  try {
    [users] = (await conn.query('SELECT id, email, plan, status, company_domain FROM users')) as unknown as [
      UserRow[],
    ];
  } finally {
    await conn.end();
  }
  const all = emulator.control.objects(portalId, 'contacts');
  const contacts = all.filter((c) => !c.archived);
  const companies = emulator.control.objects(portalId, 'companies').filter((c) => !c.archived);
  const byEmail = group(contacts, (c) => c.properties.email?.toLowerCase());
  const byDomain = group(companies, (c) => c.properties[companyKeyProperty]);

  const problems: string[] = [];
  for (const user of users) {
    const found = byEmail.get(user.email) ?? [];
    if (found.length !== 1) {
      problems.push(`${user.email}: ${found.length} contacts in HubSpot`);
      continue;
    }
    const props = found[0].properties;
    if (props.plan !== user.plan)
      problems.push(`${user.email}: plan ${props.plan} in HubSpot, ${user.plan} here`);
    const churned = user.status === 'churned' ? 'true' : 'false';
    if ((props.churned ?? 'false') !== churned)
      problems.push(`${user.email}: churned ${props.churned}, expected ${churned}`);
  }
  for (const domain of new Set(users.map((u) => u.company_domain).filter((d): d is string => !!d))) {
    const found = byDomain.get(domain)?.length ?? 0;
    if (found !== 1) problems.push(`company ${domain}: ${found} in HubSpot`);
  }
  return {
    ok: problems.length === 0,
    problems,
    users: users.length,
    contacts: contacts.length,
    companies: companies.length,
    archived: all.length - contacts.length,
  };
}

function group(
  objects: ApiObject[],
  key: (o: ApiObject) => string | null | undefined,
): Map<string, ApiObject[]> {
  const map = new Map<string, ApiObject[]>();
  for (const o of objects) {
    const k = key(o);
    if (!k) continue;
    map.set(k, [...(map.get(k) ?? []), o]);
  }
  return map;
}
