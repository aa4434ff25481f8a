import type { EmulatorHandle } from '@app/hubspot-emulator';
import type { BodyShape } from './body-shape';
import type { Paths, PathStyle } from './paths';

/** What an answer's JSON is reduced to before it is compared: never values, only their kind. */
export type HeaderKind = 'absent' | 'number' | 'uuid' | 'string' | `media:${string}`;

/** One request of a case, as recorded. */
export interface RecordedExchange {
  label: string;
  method: string;
  /** The path with ids and run-specific names replaced, e.g. /crm/v3/objects/contacts/:id */
  route: string;
  status: number;
  headers: Record<string, HeaderKind>;
  category?: string;
  subCategory?: string;
  shape: BodyShape;
}

export type Observation = string | number | boolean | null;

/** One case on one path family, against one target. */
export interface CaseRecord {
  id: string;
  title: string;
  family: string;
  style: PathStyle | 'any';
  assumption?: AssumptionRef;
  status: 'passed' | 'failed' | 'skipped';
  reason?: string;
  failures: string[];
  exchanges: RecordedExchange[];
  observations: Record<string, Observation>;
}

/** Everything one run recorded against one target. */
export interface AnswerSet {
  target: 'emulator' | 'hubspot';
  runId: string;
  apiVersion: string;
  startedAt: string;
  cases: CaseRecord[];
}

/**
 * A behaviour of HubSpot this project guessed at. `readme` is a distinctive part of its "assumption:"
 * line in libs/hubspot-emulator/README.md (a unit test keeps the two linked); `observation` names the
 * case's observation that shows which way HubSpot went (the emulator's value is the assumption).
 */
export interface AssumptionRef {
  readme: string;
  observation: string;
}

/** A request a case sends; `token` picks a credential of the target (default: the main one). */
export interface ContractRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  form?: Record<string, string>;
  /** Sends `{tokenKey}` with a credential of the target as the body (access-token-info). */
  tokenKey?: 'main' | 'invalid';
  /** `tiny`: a portal allowing 2 calls a minute, emulator only (to meet its 429 without spending a real window). */
  token?: 'main' | 'limited' | 'none' | 'invalid' | 'tiny';
  /** Search requests pace on their own budget. */
  search?: boolean;
  /** This request is meant to meet a 429: do not wait and retry. */
  expect429?: boolean;
}

export interface ContractAnswer {
  status: number;
  headers: Record<string, string>;
  // Case code walks answers of many shapes; each reads what it needs.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  text: string;
}

export interface CaseContext {
  target: 'emulator' | 'hubspot';
  style: PathStyle;
  p: Paths;
  runId: string;
  /** A run-unique token for names and values: `<runId>-<suffix>` (also the lastname of every contact). */
  tag(suffix: string): string;
  /** A run-unique property name, [a-z0-9_]. */
  propertyName(suffix: string): string;
  email(local: string): string;
  /** Sends and records (status, headers that matter, category, body shape) under a label unique in the case. */
  call(label: string, req: ContractRequest): Promise<ContractAnswer>;
  /** Sends without recording (setup); throws unless the answer is 2xx. */
  send(req: ContractRequest): Promise<ContractAnswer>;
  expect(condition: boolean, failure: string): void;
  observe(name: string, value: Observation): void;
  /** Runs after the case, last registered first, whether it passed or not. */
  cleanup(step: () => Promise<unknown>): void;
  /** Waits until nothing this run sent is still inside the target's rolling window. */
  quietWindow(): Promise<void>;
  /** Retries `probe` until it returns a value (HubSpot's search is eventually consistent). */
  eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T>;
  /** The in-process emulator, for cases that need its control API (webhooks). */
  emulator?: EmulatorHandle;
}

export interface ContractCase {
  id: string;
  title: string;
  /** Path families it runs on; 'any' for endpoints with one path only. */
  styles: Array<PathStyle | 'any'>;
  assumption?: AssumptionRef & { styles?: PathStyle[] };
  /** Why it cannot run against HubSpot from here (it still runs against the emulator). */
  emulatorOnly?: string;
  /** Runs live only with the limited token, or with --provoke-429. */
  needs?: 'limited-token' | 'provoke-429';
  run(ctx: CaseContext): Promise<void>;
}
