import { HubspotApiVersion, OAUTH_API_VERSION } from '../config/api-versions';

export type ObjectBatchOperation = 'read' | 'create' | 'update' | 'upsert' | 'archive';
export type AssociationBatchOperation =
  'associate/default' | 'create' | 'read' | 'archive' | 'labels/archive';
export type ListMembershipOperation = 'add' | 'remove' | 'add-and-remove';

/**
 * Every path the module calls HubSpot on, built from one dated `apiVersion` (the version sits right after the
 * API family: `/crm/objects/2026-09/contacts`). Services inject this instead of writing paths, so moving to
 * the next version is a change of `apiVersion`. Hosts calling HubspotHttpClient themselves can inject it too.
 */
export class HubspotPaths {
  constructor(readonly version: HubspotApiVersion) {}

  // Objects: basic, batch, search, merge, GDPR delete
  objects(objectType: string): string {
    return `/crm/objects/${this.version}/${seg(objectType)}`;
  }

  object(objectType: string, id: string): string {
    return `${this.objects(objectType)}/${seg(id)}`;
  }

  batch(objectType: string, operation: ObjectBatchOperation): string {
    return `${this.objects(objectType)}/batch/${operation}`;
  }

  search(objectType: string): string {
    return `${this.objects(objectType)}/search`;
  }

  merge(objectType: string): string {
    return `${this.objects(objectType)}/merge`;
  }

  gdprDelete(): string {
    return `${this.objects('contacts')}/gdpr-delete`;
  }

  // Associations: per record under the objects family, batch and labels under their own family
  recordAssociations(fromType: string, fromId: string, toType: string): string {
    return `${this.object(fromType, fromId)}/associations/${seg(toType)}`;
  }

  /** Labelled PUT (body: association types) and DELETE of every association between the two records. */
  recordAssociation(fromType: string, fromId: string, toType: string, toId: string): string {
    return `${this.recordAssociations(fromType, fromId, toType)}/${seg(toId)}`;
  }

  defaultAssociation(fromType: string, fromId: string, toType: string, toId: string): string {
    return `${this.object(fromType, fromId)}/associations/default/${seg(toType)}/${seg(toId)}`;
  }

  associationBatch(fromType: string, toType: string, operation: AssociationBatchOperation): string {
    return `${this.associationPair(fromType, toType)}/batch/${operation}`;
  }

  associationLabels(fromType: string, toType: string, associationTypeId?: number): string {
    const base = `${this.associationPair(fromType, toType)}/labels`;
    return associationTypeId === undefined ? base : `${base}/${associationTypeId}`;
  }

  // Lists
  lists(): string {
    return `/crm/lists/${this.version}`;
  }

  list(listId: string): string {
    return `${this.lists()}/${seg(listId)}`;
  }

  listMemberships(listId: string, operation?: ListMembershipOperation): string {
    const base = `${this.list(listId)}/memberships`;
    return operation ? `${base}/${operation}` : base;
  }

  // Properties, schemas, owners, pipelines
  properties(objectType: string): string {
    return `/crm/properties/${this.version}/${seg(objectType)}`;
  }

  property(objectType: string, name: string): string {
    return `${this.properties(objectType)}/${seg(name)}`;
  }

  schemas(): string {
    return `/crm-object-schemas/${this.version}/schemas`;
  }

  schema(objectType: string): string {
    return `${this.schemas()}/${seg(objectType)}`;
  }

  owners(): string {
    return `/crm/owners/${this.version}`;
  }

  owner(ownerId: string): string {
    return `${this.owners()}/${seg(ownerId)}`;
  }

  pipelines(objectType: string): string {
    return `/crm/pipelines/${this.version}/${seg(objectType)}`;
  }

  pipeline(objectType: string, pipelineId: string): string {
    return `${this.pipelines(objectType)}/${seg(pipelineId)}`;
  }

  pipelineStages(objectType: string, pipelineId: string): string {
    return `${this.pipeline(objectType, pipelineId)}/stages`;
  }

  // Account
  accountDetails(): string {
    return `/account-info/${this.version}/details`;
  }

  /** Today's API usage of the account's static-token apps, with the time the daily budget resets. */
  dailyUsage(): string {
    return `/account-info/${this.version}/api-usage/daily/private-apps`;
  }

  // OAuth: one dated family for every apiVersion (see OAUTH_API_VERSION)
  oauthToken(): string {
    return `/oauth/${OAUTH_API_VERSION}/token`;
  }

  oauthIntrospect(): string {
    return `${this.oauthToken()}/introspect`;
  }

  oauthRevoke(): string {
    return `${this.oauthToken()}/revoke`;
  }

  /** What a static token is (hub id, app id, scopes). HubSpot has no dated equivalent of this endpoint. */
  staticTokenInfo(): string {
    return '/oauth/v2/private-apps/get/access-token-info';
  }

  private associationPair(fromType: string, toType: string): string {
    return `/crm/associations/${this.version}/${seg(fromType)}/${seg(toType)}`;
  }
}

/** A version segment, dated (`2026-09`) or legacy (`v3`), as hosts may still call legacy paths. */
const VERSION = String.raw`(?:v\d+|\d{4}-\d{2})`;
const SEARCH = new RegExp(String.raw`^/crm/(?:${VERSION}/objects|objects/${VERSION})/[^/]+/search/?$`);
const ASSOCIATIONS = new RegExp(String.raw`^/crm/(?:${VERSION}/associations/|associations/${VERSION}/)`);

/** Whether a path segment is an API version (`2026-09`, `v3`). */
export function isVersionSegment(segment: string | undefined): boolean {
  return segment !== undefined && new RegExp(`^${VERSION}$`).test(segment);
}

/** OAuth's token endpoints (no Bearer token, no portal budget). */
export function isOAuthPath(path: string): boolean {
  return path.startsWith('/oauth/');
}

/** CRM search: its own 5-per-second budget. */
export function isSearchPath(method: string, path: string): boolean {
  return method === 'POST' && SEARCH.test(stripQuery(path));
}

/** Association calls (per record or batch, any version): their own burst budget as well. */
export function isAssociationsPath(path: string): boolean {
  const p = stripQuery(path);
  return ASSOCIATIONS.test(p) || p.includes('/associations/');
}

function stripQuery(path: string): string {
  const q = path.indexOf('?');
  return q === -1 ? path : path.slice(0, q);
}

function seg(value: string): string {
  return encodeURIComponent(value);
}
