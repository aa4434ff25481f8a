import { ObjectTypeDef } from './object-types';

/** HubSpot's built-in property definitions, enough for what integrations usually write. */
export interface PropertyDef {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  hasUniqueValue: boolean;
  options: Array<{ label: string; value: string; displayOrder: number; hidden: boolean }>;
  readOnlyValue: boolean;
  hubspotDefined: boolean;
  createdAt: string;
  updatedAt: string;
  displayOrder: number;
}

type Spec = [name: string, type?: string, fieldType?: string];

const COMMON: Spec[] = [
  ['hubspot_owner_id', 'enumeration', 'select'],
  ['hs_createdate', 'datetime', 'date'],
  ['hs_merged_object_ids', 'enumeration', 'checkbox'],
];

const ENGAGEMENT: Spec[] = [
  ['hs_timestamp', 'datetime', 'date'],
  ['hs_attachment_ids', 'enumeration', 'checkbox'],
];

const BY_TYPE: Record<string, Spec[]> = {
  '0-1': [
    ['email'],
    ['firstname'],
    ['lastname'],
    ['phone', 'string', 'phonenumber'],
    ['mobilephone', 'string', 'phonenumber'],
    ['company'],
    ['website'],
    ['jobtitle'],
    ['address'],
    ['city'],
    ['state'],
    ['zip'],
    ['country'],
    ['lifecyclestage', 'enumeration', 'radio'],
    ['hs_lead_status', 'enumeration', 'radio'],
    ['associatedcompanyid', 'number', 'number'],
    ['hs_language', 'enumeration', 'select'],
  ],
  '0-2': [
    ['name'],
    ['domain'],
    ['website'],
    ['phone', 'string', 'phonenumber'],
    ['address'],
    ['city'],
    ['state'],
    ['zip'],
    ['country'],
    ['industry', 'enumeration', 'select'],
    ['numberofemployees', 'number', 'number'],
    ['annualrevenue', 'number', 'number'],
    ['description', 'string', 'textarea'],
    ['lifecyclestage', 'enumeration', 'radio'],
    ['type', 'enumeration', 'select'],
  ],
  '0-3': [
    ['dealname'],
    ['amount', 'number', 'number'],
    ['dealstage', 'enumeration', 'radio'],
    ['pipeline', 'enumeration', 'select'],
    ['closedate', 'datetime', 'date'],
    ['dealtype', 'enumeration', 'radio'],
    ['description', 'string', 'textarea'],
    ['deal_currency_code', 'enumeration', 'select'],
  ],
  '0-5': [
    ['subject'],
    ['content', 'string', 'textarea'],
    ['hs_pipeline', 'enumeration', 'select'],
    ['hs_pipeline_stage', 'enumeration', 'radio'],
    ['hs_ticket_priority', 'enumeration', 'select'],
    ['hs_ticket_category', 'enumeration', 'checkbox'],
  ],
  '0-7': [['name'], ['description', 'string', 'textarea'], ['price', 'number', 'number'], ['hs_sku']],
  '0-8': [
    ['name'],
    ['quantity', 'number', 'number'],
    ['price', 'number', 'number'],
    ['amount', 'number', 'number'],
    ['hs_product_id', 'number', 'number'],
    ['hs_sku'],
    ['description', 'string', 'textarea'],
    ['hs_recurring_billing_period'],
    ['recurringbillingfrequency', 'enumeration', 'select'],
  ],
  '0-46': [...ENGAGEMENT, ['hs_note_body', 'string', 'html']],
  '0-49': [
    ...ENGAGEMENT,
    ['hs_email_direction', 'enumeration', 'select'],
    ['hs_email_status', 'enumeration', 'select'],
    ['hs_email_subject'],
    ['hs_email_text', 'string', 'textarea'],
    ['hs_email_html', 'string', 'html'],
    ['hs_email_headers', 'string', 'textarea'],
  ],
  '0-48': [
    ...ENGAGEMENT,
    ['hs_call_body', 'string', 'html'],
    ['hs_call_title'],
    ['hs_call_direction', 'enumeration', 'select'],
    ['hs_call_duration', 'number', 'number'],
    ['hs_call_status', 'enumeration', 'select'],
  ],
  '0-47': [
    ...ENGAGEMENT,
    ['hs_meeting_body', 'string', 'html'],
    ['hs_meeting_title'],
    ['hs_meeting_start_time', 'datetime', 'date'],
    ['hs_meeting_end_time', 'datetime', 'date'],
    ['hs_meeting_outcome', 'enumeration', 'select'],
  ],
  '0-27': [
    ...ENGAGEMENT,
    ['hs_task_body', 'string', 'html'],
    ['hs_task_subject'],
    ['hs_task_status', 'enumeration', 'select'],
    ['hs_task_priority', 'enumeration', 'select'],
    ['hs_task_type', 'enumeration', 'select'],
  ],
};

const EPOCH = '2019-08-06T02:43:01.000Z';

export type PropertyDefInput = Partial<Omit<PropertyDef, 'options'>> & {
  name: string;
  options?: Array<{ label: string; value: string; displayOrder?: number; hidden?: boolean }>;
};

export function makePropertyDef(input: PropertyDefInput, order = -1): PropertyDef {
  const type = input.type ?? 'string';
  return {
    name: input.name,
    label: input.label ?? input.name,
    type,
    fieldType: input.fieldType ?? (type === 'string' ? 'text' : type === 'number' ? 'number' : 'text'),
    groupName: input.groupName ?? 'contactinformation',
    description: input.description ?? '',
    hasUniqueValue: input.hasUniqueValue ?? false,
    options: (input.options ?? []).map((o, i) => ({
      label: o.label,
      value: o.value,
      displayOrder: o.displayOrder ?? i,
      hidden: o.hidden ?? false,
    })),
    readOnlyValue: input.readOnlyValue ?? false,
    hubspotDefined: input.hubspotDefined ?? false,
    createdAt: input.createdAt ?? new Date().toISOString(),
    updatedAt: input.updatedAt ?? input.createdAt ?? new Date().toISOString(),
    displayOrder: input.displayOrder ?? order,
  };
}

export function defaultPropertyDefs(type: ObjectTypeDef): PropertyDef[] {
  const group = `${type.singular}information`;
  const readOnly: Spec[] = [
    ['hs_object_id', 'number', 'number'],
    ['createdate', 'datetime', 'date'],
    [type.modifiedProperty, 'datetime', 'date'],
  ];
  const defs: PropertyDef[] = [];
  const add = (spec: Spec, readOnlyValue: boolean): void => {
    if (defs.some((d) => d.name === spec[0])) return;
    defs.push(
      makePropertyDef(
        {
          name: spec[0],
          type: spec[1] ?? 'string',
          fieldType: spec[2] ?? 'text',
          groupName: group,
          readOnlyValue,
          hubspotDefined: true,
          createdAt: EPOCH,
        },
        defs.length,
      ),
    );
  };
  for (const spec of readOnly) add(spec, true);
  for (const spec of [...(BY_TYPE[type.objectTypeId] ?? []), ...COMMON]) add(spec, false);
  // Every default property the type returns must exist even if not listed above.
  for (const name of type.defaultProperties) add([name], false);
  const merged = defs.find((d) => d.name === 'hs_merged_object_ids');
  if (merged) merged.readOnlyValue = true;
  const hsCreate = defs.find((d) => d.name === 'hs_createdate');
  if (hsCreate) hsCreate.readOnlyValue = true;
  return defs;
}
