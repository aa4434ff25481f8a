import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/** The module's tables share these column shapes (millisecond datetimes, BIGINT portal ids). */

/** `portal_id BIGINT`, read back as a number. */
export const PortalIdColumn = (): PropertyDecorator =>
  Column({ name: 'portal_id', type: 'bigint', transformer: bigintAsNumber });

/** A nullable `datetime(3)` column. */
export const OptionalDatetimeColumn = (name: string): PropertyDecorator =>
  Column({ name, type: 'datetime', precision: 3, nullable: true });

export const CreatedAtColumn = (name = 'created_at'): PropertyDecorator =>
  CreateDateColumn({ name, type: 'datetime', precision: 3 });

export const UpdatedAtColumn = (name = 'updated_at'): PropertyDecorator =>
  UpdateDateColumn({ name, type: 'datetime', precision: 3 });
