import { HubspotConfig } from '../../config/hubspot.config';

/** A property as the Properties API takes it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
  fieldType: 'text' | 'textarea' | 'number' | 'date' | 'booleancheckbox' | 'select' | 'checkbox' | 'radio';
  groupName: string;
  hasUniqueValue?: boolean;
  options?: Array<{ label: string; value: string; displayOrder?: number; hidden?: boolean }>;
  description?: string;
}

const BOOL_OPTIONS = [
  { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
  { label: 'No', value: 'false', displayOrder: 1, hidden: false },
];

/** The custom properties the module writes, per object type. */
export function moduleProperties(config: HubspotConfig): Record<string, PropertyDefinition[]> {
  const s = config.sync;
  return {
    contacts: [
      {
        name: s.churnedProperty,
        label: 'Churned',
        type: 'bool',
        fieldType: 'booleancheckbox',
        groupName: 'contactinformation',
        options: BOOL_OPTIONS,
      },
      {
        name: s.churnDateProperty,
        label: 'Churn date',
        type: 'date',
        fieldType: 'date',
        groupName: 'contactinformation',
      },
      {
        name: s.contactIdProperty,
        label: 'App user id',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
        hasUniqueValue: true,
      },
    ],
    companies: [
      {
        name: s.companyKeyProperty,
        label: 'App company domain',
        type: 'string',
        fieldType: 'text',
        groupName: 'companyinformation',
        hasUniqueValue: true,
      },
    ],
  };
}
