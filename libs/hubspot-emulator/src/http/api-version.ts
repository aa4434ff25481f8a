/**
 * HubSpot's dated API versions (`/crm/objects/2026-03/...`). The version is the path segment right after
 * the API family; a dated route is registered once with a `:version` parameter and the request pipeline
 * answers 404 for a version that is not listed here, as HubSpot does for an unknown path.
 *
 * Adding a release is one entry in `DATED_VERSIONS` plus whatever behaviour differs, as a trait.
 */
export type DatedVersion = '2026-03' | '2026-09';

/** `legacy` = the semantic-versioned paths (`/crm/v3/...`, `/crm/v4/...`, `/oauth/v1/...`). */
export type ApiVersion = 'legacy' | DatedVersion;

/** Behaviour that differs between versions; handlers read these instead of comparing version strings. */
export interface VersionTraits {
  /** Object ids in association payloads (`toObjectId`, `fromObjectId`) are strings, not numbers. */
  stringAssociationIds: boolean;
  /** Association `batch/archive` and `batch/labels/archive` answer 200 with a batch body instead of 204. */
  associationArchiveAnswersBody: boolean;
  /** batch/create and batch/update: when every input carries an `objectWriteTraceId`, inputs fail one by one (207). */
  writeTraceMultiStatus: boolean;
  /** The portal's write-validation rules (required and conditionally required properties) are enforced. */
  writeValidation: boolean;
}

const LEGACY: VersionTraits = {
  stringAssociationIds: false,
  associationArchiveAnswersBody: false,
  writeTraceMultiStatus: false,
  writeValidation: false,
};

const V2026_03: VersionTraits = {
  stringAssociationIds: true,
  associationArchiveAnswersBody: true,
  writeTraceMultiStatus: true,
  writeValidation: false,
};

/** Supported dated versions, oldest first. */
export const DATED_VERSIONS: Readonly<Record<DatedVersion, VersionTraits>> = {
  '2026-03': V2026_03,
  // 2026-09: same paths and shapes; UI-only validation rules become API errors.
  '2026-09': { ...V2026_03, writeValidation: true },
};

export function isSupportedVersion(value: string | undefined): value is DatedVersion {
  return value !== undefined && Object.prototype.hasOwnProperty.call(DATED_VERSIONS, value);
}

export function traitsOf(version: ApiVersion): VersionTraits {
  return version === 'legacy' ? LEGACY : DATED_VERSIONS[version];
}

export function supportedVersions(): DatedVersion[] {
  return Object.keys(DATED_VERSIONS) as DatedVersion[];
}
