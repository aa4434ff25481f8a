import { applyDecorators } from '@nestjs/common';
import { ApiOptions, ApiPropertyOptional } from '../openapi.decorators';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { parseStrictInt } from '../strict-int.pipe';

/** Object type names the admin filters accept (`contacts`, `p_custom`, `2-123`). */
const OBJECT_TYPE = /^[a-z0-9_-]+$/i;

/**
 * applyDecorators in stacking order (the last one first, as if written above the property):
 * class-validator lists a property's failed constraints in registration order, so the 400
 * messages stay the same as with hand-stacked decorators.
 */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...[...decorators].reverse());
}

/** The largest `offset` a list accepts: deeper pages are for filters, not for skipping. */
export const MAX_OFFSET = 1_000_000;

interface OptionalIntOptions {
  /** Query strings arrive as text and are converted strictly first; JSON bodies must send numbers. */
  query: boolean;
  min: number;
  /** Default: the largest integer JavaScript holds exactly. */
  max?: number;
  api?: ApiOptions;
}

/**
 * Strict conversion from the raw value (`obj[key]`), not from whatever an implicit conversion of the host's
 * pipe made of it: only plain decimal digits become a number.
 */
const StrictIntFromText = () =>
  Transform(({ obj, key }) => parseStrictInt((obj as Record<string, unknown>)[key]));

function optionalInt({
  query,
  min,
  max = Number.MAX_SAFE_INTEGER,
  api,
}: OptionalIntOptions): PropertyDecorator {
  return stacked(
    ApiPropertyOptional({ type: 'integer', minimum: min, maximum: max, ...api }),
    IsOptional(),
    ...(query ? [StrictIntFromText()] : []),
    IsInt(),
    Min(min),
    Max(max),
  );
}

/** An optional integer query parameter of at least `min` (ids, counters). */
export function OptionalIntQuery(min = 0): PropertyDecorator {
  return optionalInt({ query: true, min });
}

/** The `portalId` filter of a list (query string). */
export function PortalIdQuery(): PropertyDecorator {
  return OptionalIntQuery(0);
}

/** `portalId` in a JSON body; filters accept 0, routes that start work on a portal ask for min 1. */
export function PortalIdBody({
  min = 0,
  description,
}: { min?: number; description?: string } = {}): PropertyDecorator {
  return optionalInt({ query: false, min, api: description === undefined ? undefined : { description } });
}

/** The page size of a list (query string): 1..max, `def` when absent (the service applies it). */
export function LimitQuery(max: number, def: number): PropertyDecorator {
  return optionalInt({ query: true, min: 1, max, api: { default: def } });
}

/** The most items a bulk action in a JSON body handles: 1..max, `def` when absent. */
export function LimitBody(max: number, def: number): PropertyDecorator {
  return optionalInt({ query: false, min: 1, max, api: { default: def } });
}

/** The `offset` of an offset-paged list (query string), at most MAX_OFFSET. */
export function OffsetQuery(): PropertyDecorator {
  return optionalInt({ query: true, min: 0, max: MAX_OFFSET, api: { default: 0 } });
}

/** An optional value out of `values` (status, kind), documented as an enum. */
export function OptionalIn(
  values: readonly string[],
  api: { default?: string; description?: string } = {},
): PropertyDecorator {
  return stacked(ApiPropertyOptional({ enum: values, ...api }), IsOptional(), IsIn(values));
}

/** An optional HubSpot object type filter. */
export function ObjectTypeFilter(example: string): PropertyDecorator {
  return stacked(
    ApiPropertyOptional({ example }),
    IsOptional(),
    IsString(),
    MaxLength(64),
    Matches(OBJECT_TYPE),
  );
}
