import { CanActivate, Type } from '@nestjs/common';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidationOptions,
} from 'class-validator';

/** A guard class (resolved from the host's providers, or instantiated with DI) or a ready guard instance. */
export type AdminGuardOption = Type<CanActivate> | CanActivate;

function IsAdminGuard(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAdminGuard',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'function' ||
          (typeof value === 'object' &&
            value !== null &&
            typeof (value as CanActivate).canActivate === 'function'),
        defaultMessage: () => 'admin.guard must be a CanActivate class or instance',
      },
    },
    options,
  );
}

/** The operators' REST surface. */
export class AdminOptions {
  /** Bearer token the default guard accepts; without it (and without a host guard) admin routes answer 401. */
  @IsOptional() @IsString() @MinLength(16) token?: string;
  /**
   * The host's own guard for the admin routes (e.g. its JWT + role guard). When set it replaces the bearer
   * token check: a class is looked up among the host's providers (or built with DI), an instance is used as is.
   */
  @IsOptional() @IsAdminGuard() guard?: AdminGuardOption;
  /**
   * Serve the operators' web console at `<adminPath>/console`, behind the same credential (needs the Express
   * platform and the optional peers `@bull-board/api` and `@bull-board/express`).
   */
  @IsOptional() @IsBoolean() console?: boolean;
  /** How long a console sign-in lasts, ms (default 8 hours; at least 1 minute, at most 7 days). */
  @IsOptional() @IsInt() @Min(60_000) @Max(7 * 86_400_000) consoleSessionTtlMs?: number;
}
