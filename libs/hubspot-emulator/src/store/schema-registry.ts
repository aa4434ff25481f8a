import { ObjectTypeDef } from './object-types';

export interface CustomSchema {
  def: ObjectTypeDef;
  json: Record<string, unknown>;
}

let nextCustomTypeNumber = 100;

/** Custom object schemas of one portal, addressable by name, fully qualified name or objectTypeId. */
export class SchemaRegistry {
  private readonly byId = new Map<string, CustomSchema>();
  private readonly byKey = new Map<string, CustomSchema>();

  resolve(nameOrId: string): ObjectTypeDef | undefined {
    return (this.byKey.get(nameOrId) ?? this.byKey.get(nameOrId.toLowerCase()))?.def;
  }

  get(nameOrId: string): CustomSchema | undefined {
    return this.byKey.get(nameOrId) ?? this.byKey.get(nameOrId.toLowerCase());
  }

  list(): CustomSchema[] {
    return [...this.byId.values()];
  }

  nextObjectTypeId(): string {
    return `2-${nextCustomTypeNumber++}`;
  }

  add(schema: CustomSchema): void {
    this.byId.set(schema.def.objectTypeId, schema);
    for (const key of [
      schema.def.objectTypeId,
      schema.def.name,
      schema.def.singular,
      ...schema.def.aliases,
    ]) {
      this.byKey.set(key, schema);
      this.byKey.set(key.toLowerCase(), schema);
    }
  }

  remove(objectTypeId: string): boolean {
    const schema = this.byId.get(objectTypeId);
    if (!schema) return false;
    this.byId.delete(objectTypeId);
    for (const [key, value] of this.byKey) if (value === schema) this.byKey.delete(key);
    return true;
  }
}
