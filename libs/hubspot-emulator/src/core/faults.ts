import { FaultSpec } from '../emulator.options';

interface ActiveFault {
  spec: FaultSpec;
  regex: RegExp;
  seen: number;
  applied: number;
}

/** Fault rules matched per request; `share` is deterministic (every 1/share-th match fires). */
export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(specs: FaultSpec[]): void {
    for (const spec of specs) {
      if (!spec || typeof spec.pathPattern !== 'string') throw new Error('fault needs a pathPattern');
      const share = spec.share ?? 1;
      if (share < 0 || share > 1) throw new Error('fault share must be within 0..1');
      this.faults.push({ spec: { ...spec }, regex: new RegExp(spec.pathPattern), seen: 0, applied: 0 });
    }
  }

  clear(): void {
    this.faults = [];
  }

  list(): Array<FaultSpec & { applied: number }> {
    return this.faults.map((f) => ({ ...f.spec, applied: f.applied }));
  }

  get size(): number {
    return this.faults.length;
  }

  /** The first fault that fires for this request, if any. */
  pick(method: string, path: string): FaultSpec | undefined {
    for (const f of this.faults) {
      if (f.spec.method && f.spec.method.toUpperCase() !== method) continue;
      if (f.spec.count !== undefined && f.applied >= f.spec.count) continue;
      if (!f.regex.test(path)) continue;
      f.seen++;
      const share = f.spec.share ?? 1;
      if (Math.floor(f.seen * share) <= Math.floor((f.seen - 1) * share)) continue;
      f.applied++;
      return f.spec;
    }
    return undefined;
  }
}
