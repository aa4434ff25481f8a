import { IsOptional, IsString, MinLength } from 'class-validator';

/** The operators' REST surface. */
export class AdminOptions {
  /** Bearer token the default guard accepts; without it (and without a host guard) admin routes answer 401. */
  @IsOptional() @IsString() @MinLength(16) token?: string;
}
