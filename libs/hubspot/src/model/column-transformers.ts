import { ValueTransformer } from 'typeorm';

/** mysql2 returns BIGINT as a string; portal ids fit a JS number. */
export const bigintAsNumber: ValueTransformer = {
  to: (value?: number | null) => value,
  from: (value?: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/** JSON in a (MEDIUM)TEXT column: identical on MySQL 8 and MariaDB, no driver-specific JSON handling. */
export const jsonText: ValueTransformer = {
  to: (value?: unknown) => (value === undefined || value === null ? value : JSON.stringify(value)),
  from: (value?: string | null) => (value === null || value === undefined ? value : JSON.parse(value)),
};
