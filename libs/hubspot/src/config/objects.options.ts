import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  PROPERTY_FIELD_TYPES,
  PROPERTY_OWNERS,
  PROPERTY_TYPES,
  PropertyFieldType,
  PropertyOwner,
  PropertyType,
} from '../model/property-definition';

/** HubSpot's internal property names: lower case, digits and underscores, starting with a letter. */
export const PROPERTY_NAME = /^[a-z][a-z0-9_]*$/;

/** Object type names the options accept: `contacts`, `p_projects`, `2-1234567`. */
export const OBJECT_TYPE_NAME = /^([a-z][a-z0-9_]*|\d+-\d+)$/;

export class PropertyOptionOptions {
  @IsString() @MinLength(1) label!: string;
  @IsString() value!: string;
  @IsOptional() @IsInt() @Min(-1) displayOrder?: number;
  @IsOptional() @IsBoolean() hidden?: boolean;
}

/**
 * One entry of `objects.<type>.properties`: `{ name }` (and `owner`) references an existing property; adding
 * `type`, `label` and `fieldType` makes it a custom property the module creates at boot when missing.
 */
export class PropertyDeclarationOptions {
  @Matches(PROPERTY_NAME, { message: 'name must be a HubSpot internal name (lower case, digits, _)' })
  @MaxLength(100)
  name!: string;
  @IsOptional() @IsIn(PROPERTY_OWNERS) owner?: PropertyOwner;
  @IsOptional() @IsString() @MinLength(1) label?: string;
  @IsOptional() @IsIn(PROPERTY_TYPES) type?: PropertyType;
  @IsOptional() @IsIn(PROPERTY_FIELD_TYPES) fieldType?: PropertyFieldType;
  @IsOptional() @IsString() @MinLength(1) groupName?: string;
  @IsOptional() @IsBoolean() hasUniqueValue?: boolean;
  @IsOptional() @IsString() description?: string;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PropertyOptionOptions)
  options?: PropertyOptionOptions[];
}

/** `objects.<type>`: what the host syncs of one object type. */
export class ObjectDeclarationOptions {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PropertyDeclarationOptions)
  properties!: PropertyDeclarationOptions[];
}
