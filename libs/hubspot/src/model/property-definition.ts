/** HubSpot's property data types (Properties API `type`). */
export const PROPERTY_TYPES = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** How HubSpot renders a property (Properties API `fieldType`). */
export const PROPERTY_FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'booleancheckbox',
  'select',
  'checkbox',
  'radio',
  'phonenumber',
  'file',
  'html',
  'calculation_equation',
] as const;
export type PropertyFieldType = (typeof PROPERTY_FIELD_TYPES)[number];

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder?: number;
  hidden?: boolean;
}

/** The options HubSpot expects on a `bool` property. */
export const BOOL_OPTIONS: PropertyOption[] = [
  { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
  { label: 'No', value: 'false', displayOrder: 1, hidden: false },
];

/** A property as the Properties API takes it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: PropertyFieldType;
  groupName: string;
  hasUniqueValue?: boolean;
  options?: PropertyOption[];
  description?: string;
}

/**
 * Who owns a property's value once it is mapped. `local`: the host's database (its value is pushed and drift
 * is repaired); `local-if-set`: the host's value when it has one, else HubSpot's stays; `hubspot`: HubSpot's
 * (edited there, never overwritten by the module).
 */
export const PROPERTY_OWNERS = ['local', 'local-if-set', 'hubspot'] as const;
export type PropertyOwner = (typeof PROPERTY_OWNERS)[number];

/** One of HubSpot's own properties (or one created elsewhere) that the host maps: `{ name: 'firstname' }`. */
export interface HubspotPropertyReference {
  name: string;
  owner?: PropertyOwner;
}

/**
 * A custom property the host writes; the module creates it at boot when missing. `groupName` defaults to the
 * object type's information group for contacts, companies and deals.
 */
export interface HubspotCustomProperty extends Omit<PropertyDefinition, 'groupName'> {
  groupName?: string;
  owner?: PropertyOwner;
}

/** A property the host declares for an object type: a reference to an existing one, or a custom definition. */
export type HubspotPropertyDeclaration = HubspotPropertyReference | HubspotCustomProperty;

/** What the host declares per object type (`objects.contacts`, `objects.companies`, `objects.p_projects`...). */
export interface HubspotObjectDeclaration {
  properties: HubspotPropertyDeclaration[];
}
