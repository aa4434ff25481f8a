import { Lane } from '../../http/hubspot-request.types';
import { ContactKey } from '../../model/contact-identity';
import { PropertyValue } from '../../model/property-value';
import type { LineItemInput } from '../line-items/line-items.service';

/** An explicit sales event of the host (order paid, contract signed). */
export interface SaleEvent {
  /** The host's idempotency key (order id, invoice number): one deal per key, ever. */
  eventKey: string;
  /** dealname, amount, pipeline, dealstage, closedate, ... */
  properties: Record<string, PropertyValue>;
  /** The buyer; the deal is associated to it once it is in HubSpot. */
  contact?: ContactKey;
  companyDomain?: string;
  lineItems?: LineItemInput[];
}

export interface SaleResult {
  dealId: string;
  /** false when this event key was recorded before (nothing was created). */
  created: boolean;
  lineItemIds: string[];
}

/** What `recordSale` returns with the host's transaction: the deal is made once that transaction commits. */
export interface QueuedSale {
  eventKey: string;
  outboxId: number;
}

/** A sales event on the sales queue, relayed from the outbox (or replayed from a dead letter). */
export interface SaleJobData {
  portalId: number;
  lane: Lane;
  sale: SaleEvent;
  outboxIds?: number[];
  deadLetterIds?: number[];
}

export const SALE_JOB_NAME = 'sale';
