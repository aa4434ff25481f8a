import { BOOL_OPTIONS, PropertyDefinition } from '../model/property-definition';

/** The names `sync` gives the module's own properties. */
export interface ModulePropertyNames {
  contactIdProperty: string;
  companyKeyProperty: string;
  churnedProperty: string;
  churnDateProperty: string;
}

/** The custom properties the module itself writes, per object type (created at boot with the host's). */
export function moduleProperties(names: ModulePropertyNames): Record<string, PropertyDefinition[]> {
  return {
    contacts: [
      {
        name: names.churnedProperty,
        label: 'Churned',
        type: 'bool',
        fieldType: 'booleancheckbox',
        groupName: 'contactinformation',
        options: BOOL_OPTIONS,
      },
      {
        name: names.churnDateProperty,
        label: 'Churn date',
        type: 'date',
        fieldType: 'date',
        groupName: 'contactinformation',
      },
      {
        name: names.contactIdProperty,
        label: 'App user id',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
        hasUniqueValue: true,
      },
    ],
    companies: [
      {
        name: names.companyKeyProperty,
        label: 'App company domain',
        type: 'string',
        fieldType: 'text',
        groupName: 'companyinformation',
        hasUniqueValue: true,
      },
    ],
  };
}
