import { Lane } from '../../http/hubspot-request.types';

export type AssociationCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED' | 'WORK';

/** A v4 association label; none means HubSpot's default (unlabelled) association. */
export interface AssociationType {
  associationCategory: AssociationCategory;
  associationTypeId: number;
}

const defined = (associationTypeId: number): AssociationType => ({
  associationCategory: 'HUBSPOT_DEFINED',
  associationTypeId,
});

/** HubSpot-defined association type ids (HUBSPOT_DEFINED category), as HubSpot's associations docs list them. */
export const ASSOCIATION_TYPES = {
  contactToCompany: defined(279),
  contactToCompanyPrimary: defined(1),
  companyToContact: defined(280),
  companyToContactPrimary: defined(2),
  contactToDeal: defined(4),
  dealToContact: defined(3),
  dealToCompany: defined(341),
  dealToCompanyPrimary: defined(5),
  companyToDeal: defined(342),
  dealToLineItem: defined(19),
  lineItemToDeal: defined(20),
  noteToContact: defined(202),
  noteToCompany: defined(190),
  noteToDeal: defined(214),
  emailToContact: defined(198),
} as const;

/** Two records known by their ledger keys (case-folded email / user id, normalised domain, event key, ...). */
export interface AssociationSpec {
  fromType: string;
  fromKey: string;
  toType: string;
  toKey: string;
  /** Labels; omit for the default association. */
  types?: AssociationType[];
}

/**
 * An association in its portal's dispatch queue: waits (retried with backoff) until both sides are in
 * HubSpot, then goes out in a batch.
 */
export interface AssociationIntent extends AssociationSpec {
  portalId: number;
  lane: Lane;
  deadLetterIds?: number[];
  /** Outbox rows relayed into it: settled once it is made or dead-lettered. */
  outboxIds?: number[];
}

/** What `associate` returns: its id in the portal's queue, or (with the host's transaction) the outbox row. */
export interface QueuedAssociation {
  /** `<portal>:<type>:<from>:<to>`; null while it waits in the outbox for the host's commit and the relay. */
  jobId: string | null;
  outboxId?: number;
}

export interface IdPair {
  fromId: string;
  toId: string;
}

/** Ledger pseudo-type marking an association as done, e.g. 'assoc:contacts:companies:default'. */
export function associationLedgerType(fromType: string, toType: string, types?: AssociationType[]): string {
  const label = types?.length
    ? types
        .map((t) => `${t.associationCategory[0]}${t.associationTypeId}`)
        .sort()
        .join('+')
    : 'default';
  return `assoc:${fromType}:${toType}:${label}`.slice(0, 64);
}
