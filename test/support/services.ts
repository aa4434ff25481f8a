/** Connection settings of the real services the e2e suites use (CI's .ci/run exports the same names). */
export const DB = {
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 3306),
  username: process.env.DB_USER ?? 'root',
  password: process.env.DB_PASSWORD ?? '',
  database: process.env.DB_NAME ?? 'test',
};

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other suite (or concurrent run) shares. */
export function uniquePrefix(name: string): string {
  return `t-${name}-${process.pid}-${Date.now().toString(36)}`;
}
