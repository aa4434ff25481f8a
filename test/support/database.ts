import { createConnection } from 'mysql2/promise';
import { DB } from './services';

/** Creates a fresh database for one suite, so suites never see each other's rows. */
export async function createTestDatabase(name: string): Promise<string> {
  const database = `hs_${name.replace(/[^a-z0-9_]/gi, '_')}_${process.pid}`.slice(0, 60);
  const conn = await createConnection({
    host: DB.host,
    port: DB.port,
    user: DB.username,
    password: DB.password,
  });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await conn.query(`CREATE DATABASE \`${database}\``);
  } finally {
    await conn.end();
  }
  return database;
}

export async function dropTestDatabase(database: string): Promise<void> {
  const conn = await createConnection({
    host: DB.host,
    port: DB.port,
    user: DB.username,
    password: DB.password,
  });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await conn.end();
  }
}
