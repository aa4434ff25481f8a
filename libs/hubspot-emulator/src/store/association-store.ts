export interface AssociationSpec {
  category: string;
  typeId: number;
}

/** Directed association edges; callers add both directions (HubSpot stores both). */
export class AssociationStore {
  /** `${fromTypeId}:${fromId}:${toTypeId}` -> toId -> specs. */
  private readonly edges = new Map<string, Map<string, AssociationSpec[]>>();

  /** Returns true when the spec was not there before. */
  add(fromType: string, fromId: string, toType: string, toId: string, spec: AssociationSpec): boolean {
    const key = `${fromType}:${fromId}:${toType}`;
    let targets = this.edges.get(key);
    if (!targets) {
      targets = new Map();
      this.edges.set(key, targets);
    }
    const specs = targets.get(toId) ?? [];
    if (specs.some((s) => s.typeId === spec.typeId && s.category === spec.category)) return false;
    specs.push({ ...spec });
    targets.set(toId, specs);
    return true;
  }

  /** Removes one spec, or every spec between the pair when `spec` is undefined. Returns removed specs. */
  remove(
    fromType: string,
    fromId: string,
    toType: string,
    toId: string,
    spec?: AssociationSpec,
  ): AssociationSpec[] {
    const targets = this.edges.get(`${fromType}:${fromId}:${toType}`);
    const specs = targets?.get(toId);
    if (!targets || !specs) return [];
    if (!spec) {
      targets.delete(toId);
      return specs;
    }
    const kept = specs.filter((s) => !(s.typeId === spec.typeId && s.category === spec.category));
    if (kept.length === specs.length) return [];
    if (kept.length === 0) targets.delete(toId);
    else targets.set(toId, kept);
    return [spec];
  }

  get(fromType: string, fromId: string, toType: string, toId: string): AssociationSpec[] {
    return this.edges.get(`${fromType}:${fromId}:${toType}`)?.get(toId) ?? [];
  }

  /** Associated ids of one type, ascending by numeric id. */
  list(fromType: string, fromId: string, toType: string): Array<{ toId: string; specs: AssociationSpec[] }> {
    const targets = this.edges.get(`${fromType}:${fromId}:${toType}`);
    if (!targets) return [];
    return [...targets.entries()]
      .map(([toId, specs]) => ({ toId, specs }))
      .sort((a, b) => Number(a.toId) - Number(b.toId));
  }

  /** Every edge leaving one record: [toType, toId, specs]. */
  edgesFrom(
    fromType: string,
    fromId: string,
  ): Array<{ toType: string; toId: string; specs: AssociationSpec[] }> {
    const prefix = `${fromType}:${fromId}:`;
    const out: Array<{ toType: string; toId: string; specs: AssociationSpec[] }> = [];
    for (const [key, targets] of this.edges) {
      if (!key.startsWith(prefix)) continue;
      const toType = key.slice(prefix.length);
      for (const [toId, specs] of targets) out.push({ toType, toId, specs });
    }
    return out;
  }
}
