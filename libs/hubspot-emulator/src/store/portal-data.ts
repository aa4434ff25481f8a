import { AssociationStore } from './association-store';
import { AssociationTypeRegistry } from './association-types';
import { ListStore } from './list-store';
import { findStandardType, ObjectTypeDef } from './object-types';
import { OwnerStore } from './owner-store';
import { PIPELINE_PROPERTIES, PipelineStore } from './pipeline-store';
import { PropertyOption, PropertyRegistry } from './property-registry';
import { SchemaRegistry } from './schema-registry';
import { TypeStore } from './type-store';

/** Everything one portal stores; thrown away on reset. */
export class PortalData {
  private nextId = 1001;
  readonly owners = new OwnerStore();
  readonly pipelines = new PipelineStore();
  readonly properties = new PropertyRegistry((typeId, name) => this.dynamicOptions(typeId, name));
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

  /** Call after owners or pipelines changed so enumeration validation sees the new values. */
  refreshOptions(): void {
    this.properties.refreshDynamicOptions();
  }

  /** `hubspot_owner_id` lists the active owners; pipeline and stage properties list the pipelines. */
  private dynamicOptions(typeId: string, name: string): PropertyOption[] | undefined {
    if (name === 'hubspot_owner_id') {
      return this.owners.list(false).map((o, i) => ({
        label: `${o.firstName} ${o.lastName}`.trim() || o.email,
        value: o.id,
        displayOrder: i,
        hidden: false,
      }));
    }
    const props = PIPELINE_PROPERTIES[typeId];
    if (!props) return undefined;
    const pipelines = this.pipelines.list(typeId);
    if (name === props.pipeline) {
      return pipelines.map((p, i) => ({ label: p.label, value: p.id, displayOrder: i, hidden: false }));
    }
    if (name === props.stage) {
      const seen = new Set<string>();
      const out: PropertyOption[] = [];
      for (const p of pipelines) {
        for (const s of p.stages) {
          if (seen.has(s.id)) continue;
          seen.add(s.id);
          out.push({ label: s.label, value: s.id, displayOrder: out.length, hidden: false });
        }
      }
      return out;
    }
    return undefined;
  }
}
