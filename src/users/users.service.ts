import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import { CancelDto } from './dto/cancel.dto';
import { SignupDto } from './dto/signup.dto';
import { UpgradeDto } from './dto/upgrade.dto';
import { User } from './user.entity';
import { UsersCrmSync } from './users-crm.sync';

/**
 * The host's domain logic. Each change and what HubSpot must hear about it are written in one transaction:
 * the database is the source of truth, and the intent commits (or rolls back) with the change.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly repo: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crm: UsersCrmSync,
  ) {}

  async signup(dto: SignupDto): Promise<User> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.save(
          manager.create(User, {
            email: dto.email,
            firstName: dto.firstName ?? null,
            lastName: dto.lastName ?? null,
            plan: dto.plan ?? 'free',
          }),
        );
        await this.crm.signedUp(user, manager);
        return user;
      });
    } catch (e) {
      if (isDuplicateKey(e)) throw new ConflictException('A user with this email already exists');
      throw e;
    }
  }

  async get(id: number): Promise<User> {
    const user = await this.repo.findOneBy({ id });
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user;
  }

  async upgrade(id: number, dto: UpgradeDto): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockedUser(manager, id);
      if (user.status === 'churned') throw new ConflictException('A cancelled account cannot be upgraded');
      Object.assign(user, { plan: dto.plan, companyName: dto.companyName, companyDomain: dto.companyDomain });
      await manager.save(user);
      await this.crm.upgraded(user, manager);
      return user;
    });
  }

  async cancel(id: number, _dto: CancelDto): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockedUser(manager, id);
      if (user.status === 'churned') return user;
      Object.assign(user, { status: 'churned', churnedAt: new Date() });
      await manager.save(user);
      await this.crm.churned(user, manager);
      return user;
    });
  }

  /** Concurrent changes of one user are serialised, so their intents reach the outbox in commit order. */
  private async lockedUser(manager: EntityManager, id: number): Promise<User> {
    const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user;
  }
}

function isDuplicateKey(e: unknown): boolean {
  return (
    e instanceof QueryFailedError && (e.driverError as { code?: string } | undefined)?.code === 'ER_DUP_ENTRY'
  );
}
