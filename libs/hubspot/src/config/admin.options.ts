import { CanActivate, Type } from '@nestjs/common';
import { IsOptional, IsString, MinLength, ValidateBy, ValidationOptions } from 'class-validator';

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
}
