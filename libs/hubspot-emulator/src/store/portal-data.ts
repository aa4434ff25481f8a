import { AssociationStore } from './association-store';
import { AssociationTypeRegistry } from './association-types';
import { ListStore } from './list-store';
import { findStandardType, ObjectTypeDef } from './object-types';
import { PropertyRegistry } from './property-registry';
import { SchemaRegistry } from './schema-registry';
import { TypeStore } from './type-store';

/** Everything one portal stores; thrown away on reset. */
export class PortalData {
  private nextId = 1001;
  readonly properties = new PropertyRegistry();
  readonly schemas = new SchemaRegistry();
  readonly associations = new AssociationStore();
  readonly associationTypes = new AssociationTypeRegistry();
  readonly lists = new ListStore();
  private readonly stores = new Map<string, TypeStore>();

  constructor(readonly portalId: number) {}

  resolveType(nameOrId: string): ObjectTypeDef | undefined {
    return findStandardType(nameOrId) ?? this.schemas.resolve(nameOrId);
  }

  store(type: ObjectTypeDef): TypeStore {
    let s = this.stores.get(type.objectTypeId);
    if (!s) {
      s = new TypeStore(type);
      this.stores.set(type.objectTypeId, s);
    }
    return s;
  }

  newId(): string {
    return String(this.nextId++);
  }
}
