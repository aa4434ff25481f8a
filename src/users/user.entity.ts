import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type Plan = 'free' | 'pro' | 'enterprise';
export type UserStatus = 'active' | 'churned';

/** The host's own users: the source of truth that HubSpot contacts follow. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;

  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'first_name', type: 'varchar', length: 100, nullable: true }) firstName!: string | null;
  @Column({ name: 'last_name', type: 'varchar', length: 100, nullable: true }) lastName!: string | null;
  @Column({ type: 'varchar', length: 20, default: 'free' }) plan!: Plan;
  @Column({ type: 'varchar', length: 20, default: 'active' }) status!: UserStatus;

  @Column({ name: 'company_name', type: 'varchar', length: 200, nullable: true }) companyName!: string | null;
  @Column({ name: 'company_domain', type: 'varchar', length: 253, nullable: true }) companyDomain!:
    string | null;

  @Column({ name: 'churned_at', type: 'datetime', precision: 3, nullable: true }) churnedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt!: Date;

  @Index('ix_users_updated_at')
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
