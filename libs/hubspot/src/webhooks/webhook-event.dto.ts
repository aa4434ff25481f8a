import {
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

const TYPE_PATTERN = /^[a-z_]+\.[A-Za-z]+$/;

/** Optional scalar HubSpot documents as a string; a number is tolerated rather than refusing the delivery. */
const IsScalar = (maxLength: number) =>
  ValidateBy({
    name: 'isScalar',
    validator: {
      validate: (v: unknown) =>
        v === undefined ||
        v === null ||
        typeof v === 'number' ||
        (typeof v === 'string' && v.length <= maxLength),
      defaultMessage: () => `must be a string of at most ${maxLength} characters`,
    },
  });
const isAssociation = (e: HubspotWebhookEventDto) =>
  (e.subscriptionType ?? '').endsWith('.associationChange');

/** Validates one event of a delivery; unknown fields are kept (HubSpot adds fields over time). */
export class HubspotWebhookEventDto {
  @IsInt() eventId!: number;
  @IsInt() subscriptionId!: number;
  @IsInt() @Min(0) portalId!: number;
  @IsOptional() @IsInt() appId?: number;
  @IsInt() @Min(0) occurredAt!: number;
  /** Filled from `eventType` when only the alias is present. */
  @IsString() @MaxLength(64) @Matches(TYPE_PATTERN) subscriptionType!: string;
  @IsOptional() @IsInt() @Min(0) attemptNumber?: number;
  @ValidateIf((e: HubspotWebhookEventDto) => !isAssociation(e)) @IsInt() objectId?: number;
  @IsOptional() @IsString() @MaxLength(32) objectTypeId?: string;
  @IsOptional() @IsString() @MaxLength(64) changeSource?: string;
  @IsScalar(255) sourceId?: string;
  @IsOptional() @IsString() changeFlag?: string;
  @ValidateIf((e: HubspotWebhookEventDto) => (e.subscriptionType ?? '').endsWith('.propertyChange'))
  @IsString()
  @MaxLength(255)
  propertyName?: string;
  @IsScalar(65_536) propertyValue?: string;
  @ValidateIf(isAssociation) @IsString() associationType?: string;
  @ValidateIf(isAssociation) @IsInt() fromObjectId?: number;
  @ValidateIf(isAssociation) @IsInt() toObjectId?: number;
  @IsOptional() @IsBoolean() associationRemoved?: boolean;
  @IsOptional() @IsBoolean() isPrimaryAssociation?: boolean;
  @IsOptional() @IsInt() primaryObjectId?: number;
  @IsOptional() @IsArray() @IsInt({ each: true }) mergedObjectIds?: number[];
  @IsOptional() @IsInt() newObjectId?: number;
}
