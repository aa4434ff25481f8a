import { ContactsService } from '@app/hubspot';
import type { INestApplicationContext } from '@nestjs/common';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The outbox suites' "host" table: users written together with their HubSpot intents. */
@Entity('ob_users')
export class OutboxTestUser {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'varchar', length: 254, unique: true }) email!: string;
  @Column({ type: 'varchar', length: 20 }) plan!: string;
}

export const OB_USERS_DDL = `CREATE TABLE IF NOT EXISTS ob_users (
  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(254) NOT NULL UNIQUE,
  plan varchar(20) NOT NULL
) ENGINE=InnoDB`;

/** A signup as a host writes it: the user row and the contact intent in one transaction. */
export async function signupInTransaction(
  app: INestApplicationContext,
  email: string,
  plan = 'free',
): Promise<number> {
  return app.get(DataSource).transaction(async (manager) => {
    const { insertId } = (await manager.query('INSERT INTO ob_users (email, plan) VALUES (?, ?)', [
      email,
      plan,
    ])) as { insertId: number };
    await app
      .get(ContactsService)
      .upsert(
        { email, userId: String(insertId), properties: { plan, firstname: `U${insertId}` } },
        { transaction: manager },
      );
    return insertId;
  });
}

/** A plan change: the row and the (partial) contact intent in one transaction, the row locked first. */
export async function changePlanInTransaction(app: INestApplicationContext, email: string, plan: string) {
  await app.get(DataSource).transaction(async (manager) => {
    await manager.query('UPDATE ob_users SET plan = ? WHERE email = ?', [plan, email]);
    await app.get(ContactsService).upsert({ email, properties: { plan } }, { transaction: manager });
  });
}
