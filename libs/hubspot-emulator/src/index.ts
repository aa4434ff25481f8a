export { startEmulator } from './emulator';
export type { EmulatorHandle } from './emulator';
export { EmulatorControl, ControlError } from './control/emulator-control';
export { DEFAULT_PORTAL_ID, DEFAULT_TOKEN, resolveLimits } from './emulator.options';
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
} from './emulator.options';
export type { EmulatorStats } from './core/stats';
export type { ApiObject } from './store/serialize';
