import { findStandardType } from './object-types';

export interface AssociationType {
  fromTypeId: string;
  toTypeId: string;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';
  typeId: number;
  inverseTypeId: number;
  label: string | null;
  /** v3 name, e.g. contact_to_company. */
  name: string;
  primary: boolean;
}

// [from, to, typeId, inverseTypeId, primary]; HubSpot's HUBSPOT_DEFINED ids.
const DEFINED: Array<[string, string, number, number, boolean?]> = [
  ['0-1', '0-2', 279, 280],
  ['0-1', '0-2', 1, 2, true],
  ['0-1', '0-3', 4, 3],
  ['0-3', '0-2', 341, 342],
  ['0-3', '0-2', 5, 6, true],
  ['0-3', '0-8', 19, 20],
  ['0-1', '0-5', 15, 16],
  ['0-5', '0-2', 339, 340],
  ['0-5', '0-2', 26, 25, true],
  ['0-3', '0-5', 27, 28],
  ['0-46', '0-1', 202, 201],
  ['0-46', '0-2', 190, 189],
  ['0-46', '0-3', 214, 213],
  ['0-46', '0-5', 228, 227],
  ['0-49', '0-1', 198, 197],
  ['0-49', '0-2', 186, 185],
  ['0-49', '0-3', 210, 209],
  ['0-49', '0-5', 224, 223],
  ['0-48', '0-1', 194, 193],
  ['0-48', '0-2', 182, 181],
  ['0-48', '0-3', 206, 205],
  ['0-48', '0-5', 220, 219],
  ['0-47', '0-1', 200, 199],
  ['0-47', '0-2', 188, 187],
  ['0-47', '0-3', 212, 211],
  ['0-47', '0-5', 226, 225],
  ['0-27', '0-1', 204, 203],
  ['0-27', '0-2', 192, 191],
  ['0-27', '0-3', 216, 215],
  ['0-27', '0-5', 230, 229],
];

function singular(typeId: string, names: Map<string, string>): string {
  return findStandardType(typeId)?.singular ?? names.get(typeId) ?? typeId;
}

/** Association types of a portal: HubSpot's defined ones, lazily created defaults for custom pairs, labels. */
export class AssociationTypeRegistry {
  private readonly types: AssociationType[] = [];
  private nextTypeId = 1000;
  /** objectTypeId -> singular name for custom objects. */
  readonly customNames = new Map<string, string>();

  constructor() {
    for (const [from, to, id, inv, primary] of DEFINED) {
      this.addPair(from, to, 'HUBSPOT_DEFINED', id, inv, primary ? 'Primary' : null, !!primary);
    }
  }

  forPair(from: string, to: string): AssociationType[] {
    this.defaultFor(from, to);
    return this.types.filter((t) => t.fromTypeId === from && t.toTypeId === to);
  }

  /** Types already defined between two object types (no lazy creation). */
  existingForPair(from: string, to: string): AssociationType[] {
    return this.types.filter((t) => t.fromTypeId === from && t.toTypeId === to);
  }

  /** The unlabeled default type between two object types (created for custom pairs on first use). */
  defaultFor(from: string, to: string): AssociationType {
    const existing = this.types.find(
      (t) => t.fromTypeId === from && t.toTypeId === to && t.category === 'HUBSPOT_DEFINED' && !t.primary,
    );
    if (existing) return existing;
    const id = this.nextTypeId++;
    const inv = from === to ? id : this.nextTypeId++;
    this.addPair(from, to, 'HUBSPOT_DEFINED', id, inv, null, false);
    return this.defaultFor(from, to);
  }

  find(from: string, to: string, category: string, typeId: number): AssociationType | undefined {
    return this.forPair(from, to).find((t) => t.typeId === typeId && t.category === category);
  }

  findById(from: string, to: string, typeId: number): AssociationType | undefined {
    return this.forPair(from, to).find((t) => t.typeId === typeId);
  }

  inverse(t: AssociationType): AssociationType {
    return this.find(t.toTypeId, t.fromTypeId, t.category, t.inverseTypeId) ?? t;
  }

  /** v3 type name (contact_to_company) or numeric id. */
  byName(from: string, to: string, name: string): AssociationType | undefined {
    if (/^\d+$/.test(name)) return this.findById(from, to, Number(name));
    return this.forPair(from, to).find((t) => t.name === name.toLowerCase());
  }

  createLabel(from: string, to: string, label: string, name?: string): AssociationType {
    const id = this.nextTypeId++;
    const inv = from === to ? id : this.nextTypeId++;
    this.addPair(from, to, 'USER_DEFINED', id, inv, label, false, name);
    return this.find(from, to, 'USER_DEFINED', id)!;
  }

  removeLabel(from: string, to: string, typeId: number): boolean {
    const t = this.find(from, to, 'USER_DEFINED', typeId);
    if (!t) return false;
    const inv = this.inverse(t);
    for (const x of [t, inv]) {
      const i = this.types.indexOf(x);
      if (i >= 0) this.types.splice(i, 1);
    }
    return true;
  }

  private addPair(
    from: string,
    to: string,
    category: AssociationType['category'],
    id: number,
    inv: number,
    label: string | null,
    primary: boolean,
    name?: string,
  ): void {
    const names = this.customNames;
    const base = (a: string, b: string): string => `${singular(a, names)}_to_${singular(b, names)}`;
    const suffix = (a: string, b: string): string => {
      if (name) return name.toLowerCase();
      if (category === 'USER_DEFINED')
        return `${base(a, b)}_${(label ?? '').toLowerCase().replace(/\W+/g, '_')}`;
      const hasPrimary = DEFINED.some(([f, t, , , p]) => p && ((f === a && t === b) || (f === b && t === a)));
      return hasPrimary && !primary ? `${base(a, b)}_unlabeled` : base(a, b);
    };
    this.types.push({
      fromTypeId: from,
      toTypeId: to,
      category,
      typeId: id,
      inverseTypeId: inv,
      label,
      name: suffix(from, to),
      primary,
    });
    if (from !== to || id !== inv) {
      this.types.push({
        fromTypeId: to,
        toTypeId: from,
        category,
        typeId: inv,
        inverseTypeId: id,
        label,
        name: suffix(to, from),
        primary,
      });
    }
  }
}
