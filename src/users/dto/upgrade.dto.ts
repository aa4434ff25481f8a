import { Transform } from 'class-transformer';
import { IsFQDN, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Plan } from '../user.entity';

export class UpgradeDto {
  @IsIn(['pro', 'enterprise'] satisfies Plan[]) plan!: Plan;

  @IsString() @MinLength(1) @MaxLength(200) companyName!: string;

  /** The company's web domain; it is the key HubSpot companies are deduplicated on. */
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .trim()
          .toLowerCase()
          .replace(/^https?:\/\//, '')
          .replace(/^www\./, '')
          .replace(/\/.*$/, '')
      : value,
  )
  @IsFQDN()
  @MaxLength(253)
  companyDomain!: string;
}
