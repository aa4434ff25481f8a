export interface ChangeSource {
  changeSource: string;
  sourceId?: string;
  /** The HubSpot user behind a UI change (property history's updatedByUserId). */
  userId?: number;
}

export type ChangeKind =
  'creation' | 'propertyChange' | 'deletion' | 'privacyDeletion' | 'merge' | 'associationChange' | 'restore';

/** A CRM change that may become a webhook event. */
export interface ChangeEvent {
  portalId: number;
  objectTypeId: string;
  /** Subscription prefix: contact, company, deal, ticket, line_item, product, object. */
  subject: string;
  kind: ChangeKind;
  objectId: string;
  occurredAt: number;
  source: ChangeSource;
  propertyName?: string;
  propertyValue?: string;
  extra?: Record<string, unknown>;
}

type Listener = (event: ChangeEvent) => void;

/** Synchronous fan-out of change events (webhook delivery listens). */
export class ChangeEvents {
  private listeners: Listener[] = [];

  on(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(event: ChangeEvent): void {
    for (const l of this.listeners) l(event);
  }

  get active(): boolean {
    return this.listeners.length > 0;
  }
}
