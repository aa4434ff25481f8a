/** Standard CRM object types and how each is addressed (plural name, singular name, objectTypeId). */
export interface ObjectTypeDef {
  objectTypeId: string;
  /** Plural API name, e.g. 'contacts'. */
  name: string;
  /** Singular name used in v3 association type names and webhooks, e.g. 'contact'. */
  singular: string;
  /** Upper-case label used in messages and v3 association names, e.g. 'CONTACT'. */
  label: string;
  /** Properties returned when the caller does not ask for any. */
  defaultProperties: string[];
  /** Name of the last-modified property ('lastmodifieddate' for contacts). */
  modifiedProperty: string;
  /** Extra names this type answers to (fully qualified custom names). */
  aliases: string[];
  custom: boolean;
  /** Only contacts are deduplicated by email. */
  uniqueEmail: boolean;
}

function std(
  objectTypeId: string,
  name: string,
  singular: string,
  defaults: string[],
  extra: Partial<ObjectTypeDef> = {},
): ObjectTypeDef {
  const modifiedProperty = extra.modifiedProperty ?? 'hs_lastmodifieddate';
  const base = ['createdate', 'hs_object_id', modifiedProperty];
  return {
    objectTypeId,
    name,
    singular,
    label: singular.toUpperCase(),
    defaultProperties: [...new Set([...base, ...defaults])].sort(),
    modifiedProperty,
    aliases: [],
    custom: false,
    uniqueEmail: false,
    ...extra,
  };
}

export const STANDARD_TYPES: ObjectTypeDef[] = [
  std('0-1', 'contacts', 'contact', ['email', 'firstname', 'lastname'], {
    modifiedProperty: 'lastmodifieddate',
    uniqueEmail: true,
  }),
  std('0-2', 'companies', 'company', ['domain', 'name']),
  std('0-3', 'deals', 'deal', ['amount', 'closedate', 'dealname', 'dealstage', 'pipeline']),
  std('0-5', 'tickets', 'ticket', [
    'content',
    'hs_pipeline',
    'hs_pipeline_stage',
    'hs_ticket_category',
    'hs_ticket_priority',
    'subject',
  ]),
  std('0-7', 'products', 'product', ['description', 'name', 'price']),
  std('0-8', 'line_items', 'line_item', ['amount', 'hs_product_id', 'name', 'price', 'quantity']),
  std('0-46', 'notes', 'note', ['hs_note_body', 'hs_timestamp']),
  std('0-49', 'emails', 'email', [
    'hs_email_direction',
    'hs_email_status',
    'hs_email_subject',
    'hs_email_text',
    'hs_timestamp',
  ]),
  std('0-48', 'calls', 'call', ['hs_call_body', 'hs_call_direction', 'hs_call_title', 'hs_timestamp']),
  std('0-47', 'meetings', 'meeting', ['hs_meeting_body', 'hs_meeting_title', 'hs_timestamp']),
  std('0-27', 'tasks', 'task', ['hs_task_body', 'hs_task_status', 'hs_task_subject', 'hs_timestamp']),
];

const STANDARD_LOOKUP = new Map<string, ObjectTypeDef>();
for (const t of STANDARD_TYPES) {
  for (const key of [t.objectTypeId, t.name, t.singular, t.label.toLowerCase()]) STANDARD_LOOKUP.set(key, t);
}

export function findStandardType(nameOrId: string): ObjectTypeDef | undefined {
  return STANDARD_LOOKUP.get(nameOrId) ?? STANDARD_LOOKUP.get(nameOrId.toLowerCase());
}
