import { CaseContext, CaseRecord, ContractCase, ContractRequest, Observation } from './contract.types';
import { sleep } from './pacer';
import { pathsFor, PathStyle } from './paths';
import { Recorder } from './recorder';
import { Target } from './targets';

/** How long a live run waits for HubSpot's search to see a write. */
const EVENTUALLY_MS = { emulator: 2_000, hubspot: 90_000 };

/** The context one case run gets, and the record it fills. */
export class CaseRun {
  readonly record: CaseRecord;
  private readonly cleanups: Array<() => Promise<unknown>> = [];
  private readonly labels = new Set<string>();

  constructor(
    private readonly target: Target,
    private readonly recorder: Recorder,
    readonly def: ContractCase,
    readonly style: PathStyle | 'any',
    private readonly runId: string,
    private readonly apiVersion: string,
  ) {
    const assumption = def.assumption;
    const applies = assumption && (!assumption.styles || assumption.styles.includes(style as PathStyle));
    this.record = {
      id: style === 'any' ? def.id : `${def.id}@${style}`,
      title: def.title,
      family: def.id.split('.')[0],
      style,
      assumption: applies ? { readme: assumption.readme, observation: assumption.observation } : undefined,
      status: 'passed',
      failures: [],
      exchanges: [],
      observations: {},
    };
  }

  context(): CaseContext {
    const runId = this.runId;
    const styleTag = this.style === 'any' ? 'x' : this.style[0];
    return {
      target: this.target.kind,
      style: this.style === 'any' ? 'legacy' : this.style,
      p: pathsFor(this.style, this.apiVersion),
      runId,
      tag: (suffix) => `${runId}-${styleTag}-${suffix}`,
      propertyName: (suffix) => `${runId}_${styleTag}_${suffix}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase(),
      email: (local) => `${local}-${styleTag}-${runId}@example.com`.toLowerCase(),
      call: (label, req) => this.call(label, req),
      send: (req) => this.send(req),
      expect: (condition, failure) => {
        if (!condition) this.record.failures.push(failure);
      },
      observe: (name: string, value: Observation) => {
        this.record.observations[name] = value;
      },
      cleanup: (step) => void this.cleanups.push(step),
      eventually: (what, probe) => this.eventually(what, probe),
      quietWindow: () => this.recorder.quietWindow(),
      emulator: this.target.emulator,
    };
  }

  /** Cleanups run last registered first; a failing one is reported, the others still run. */
  async cleanUp(): Promise<void> {
    while (this.cleanups.length) {
      const step = this.cleanups.pop()!;
      try {
        await step();
      } catch (err) {
        this.record.failures.push(`cleanup: ${(err as Error).message}`);
      }
    }
  }

  private async call(label: string, req: ContractRequest) {
    if (this.labels.has(label)) throw new Error(`label '${label}' used twice in ${this.record.id}`);
    this.labels.add(label);
    const answer = await this.recorder.send(req);
    this.record.exchanges.push(this.recorder.record(label, req, answer));
    return answer;
  }

  private async send(req: ContractRequest) {
    const answer = await this.recorder.send(req);
    if (answer.status < 200 || answer.status >= 300) {
      const message = typeof answer.json?.message === 'string' ? `: ${answer.json.message}` : '';
      throw new Error(`setup ${req.method} ${req.path} answered ${answer.status}${message}`);
    }
    return answer;
  }

  private async eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + EVENTUALLY_MS[this.target.kind];
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await sleep(this.target.kind === 'hubspot' ? 3_000 : 50);
    }
  }
}
