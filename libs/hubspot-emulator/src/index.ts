export { startEmulator } from './emulator';
export type { EmulatorHandle } from './emulator';
export { EmulatorControl, ControlError } from './control/emulator-control';
export { RepActions, ENGAGEMENT_TYPES } from './control/rep-actions';
export type { EngagementKind, ExtraAssociations } from './control/rep-actions';
export {
  DEFAULT_PORTAL_ID,
  DEFAULT_TOKEN,
  resolveLimits,
  LIMIT_PROFILES,
  API_LIMIT_INCREASE,
} from './emulator.options';
export { DATED_VERSIONS, supportedVersions } from './http/api-version';
export type { ApiVersion, DatedVersion, VersionTraits } from './http/api-version';
export { CONTROL_TOKEN_HEADER } from './http/control-auth';
export {
  OBJECT_SCOPES,
  PROPERTY_SCOPES,
  PIPELINE_SCOPES,
  SCHEMA_SCOPES,
  OWNER_SCOPES,
  LIST_SCOPES,
} from './core/scopes';
export type {
  EmulatorOptions,
  PortalOptions,
  LimitsOptions,
  ResolvedLimits,
  TierProfile,
  FaultSpec,
  WebhookConfig,
  OAuthAppOptions,
  PropertyInput,
  TokenInput,
  StaticTokenKind,
  OwnerInput,
  PipelineInput,
  PipelineStageInput,
  WriteValidationRules,
} from './emulator.options';
export type { EmulatorStats } from './core/stats';
export type { ApiObject } from './store/serialize';
