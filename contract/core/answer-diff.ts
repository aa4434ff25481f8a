import { flattenShape } from './body-shape';
import { CaseRecord, Observation, RecordedExchange } from './contract.types';

/** What differs between HubSpot's and the emulator's answers to one case, one line per difference. */
export function diffCase(hubspot: CaseRecord, emulator: CaseRecord): string[] {
  const out: string[] = [];
  const ours = new Map(emulator.exchanges.map((e) => [e.label, e]));
  for (const theirs of hubspot.exchanges) {
    const mine = ours.get(theirs.label);
    ours.delete(theirs.label);
    if (!mine) out.push(`${theirs.label}: sent to HubSpot only`);
    else out.push(...diffExchange(theirs, mine).map((d) => `${theirs.label}: ${d}`));
  }
  for (const label of ours.keys()) out.push(`${label}: sent to the emulator only`);
  const names = new Set([...Object.keys(hubspot.observations), ...Object.keys(emulator.observations)]);
  for (const name of names) {
    const a = hubspot.observations[name];
    const b = emulator.observations[name];
    if (!sameObservation(a, b)) out.push(`observation ${name}: HubSpot ${show(a)}, emulator ${show(b)}`);
  }
  return out;
}

export function diffExchange(hubspot: RecordedExchange, emulator: RecordedExchange): string[] {
  const out: string[] = [];
  const field = (name: string, a: unknown, b: unknown) => {
    if (a !== b) out.push(`${name}: HubSpot ${show(a)}, emulator ${show(b)}`);
  };
  field('status', hubspot.status, emulator.status);
  field('category', hubspot.category, emulator.category);
  field('subCategory', hubspot.subCategory, emulator.subCategory);
  for (const name of new Set([...Object.keys(hubspot.headers), ...Object.keys(emulator.headers)])) {
    field(`header ${name}`, hubspot.headers[name] ?? 'absent', emulator.headers[name] ?? 'absent');
  }
  out.push(...diffShapes(flattenShape(hubspot.shape), flattenShape(emulator.shape)));
  return out;
}

/** Keys missing on one side or of another type; nothing is said below an array one side left empty. */
function diffShapes(hubspot: Map<string, string>, emulator: Map<string, string>): string[] {
  const out: string[] = [];
  const emptyArrays = [...hubspot, ...emulator]
    .filter(([, t]) => t === 'array (empty)')
    .map(([p]) => `${p}[]`);
  const underEmpty = (path: string) => emptyArrays.some((prefix) => path.startsWith(prefix));
  for (const path of new Set([...hubspot.keys(), ...emulator.keys()])) {
    const a = hubspot.get(path);
    const b = emulator.get(path);
    if (a === b || underEmpty(path)) continue;
    if (a?.startsWith('array') && b?.startsWith('array')) continue;
    out.push(`body ${path}: HubSpot ${a ?? 'missing'}, emulator ${b ?? 'missing'}`);
  }
  return out;
}

function sameObservation(a: Observation | undefined, b: Observation | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null) && (a === undefined) === (b === undefined);
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}
