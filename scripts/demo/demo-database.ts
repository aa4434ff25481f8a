import { createConnection } from 'mysql2/promise';

export interface DbSettings {
  host: string;
  port: number;
  user: string;
  password: string;
}

export const DEMO_DB = 'hubspot_demo';

export function dbSettings(): DbSettings {
  return {
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 3306),
    user: process.env.DB_USER ?? 'root',
    password: process.env.DB_PASSWORD ?? '',
  };
}

export function databaseUrl(db: DbSettings, database: string): string {
  const auth = db.password ? `${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}` : db.user;
  return `mysql://${auth}@${db.host}:${db.port}/${database}`;
}

/** The demo starts from an empty database: the embedded emulator starts empty too, so a ledger must not survive. */
export async function recreateDatabase(db: DbSettings, database: string): Promise<void> {
  const conn = await createConnection(db);
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

/** Existing customers from before the integration: inserted directly, so only a backfill brings them to HubSpot. */
export async function seedUsers(
  db: DbSettings,
  database: string,
  count: number,
  companies: number,
): Promise<void> {
  const conn = await createConnection({ ...db, database });
  try {
    for (let start = 0; start < count; start += 1000) {
      const rows = [];
      for (let i = start; i < Math.min(count, start + 1000); i++) {
        const company = i % 3 === 0 ? i % companies : null;
        const churned = i % 17 === 0;
        rows.push([
          `customer${i}@example.com`,
          `Customer`,
          `No${i}`,
          company === null ? 'free' : 'pro',
          churned ? 'churned' : 'active',
          company === null ? null : `Company ${company}`,
          company === null ? null : `company${company}.example.com`,
          churned ? new Date(Date.UTC(2025, 0, 1 + (i % 28))) : null,
        ]);
      }
      await conn.query(
        'INSERT INTO users (email, first_name, last_name, plan, status, company_name, company_domain, churned_at) VALUES ?',
        [rows],
      );
    }
  } finally {
    await conn.end();
  }
}
