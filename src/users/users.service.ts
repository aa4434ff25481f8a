import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { CancelDto } from './dto/cancel.dto';
import { SignupDto } from './dto/signup.dto';
import { UpgradeDto } from './dto/upgrade.dto';
import { User } from './user.entity';
import { UsersCrmSync } from './users-crm.sync';

/** The host's domain logic. HubSpot is told after the local write: the database is the source of truth. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly repo: Repository<User>,
    private readonly crm: UsersCrmSync,
  ) {}

  async signup(dto: SignupDto): Promise<User> {
    let user: User;
    try {
      user = await this.repo.save(
        this.repo.create({
          email: dto.email,
          firstName: dto.firstName ?? null,
          lastName: dto.lastName ?? null,
          plan: dto.plan ?? 'free',
        }),
      );
    } catch (e) {
      if (isDuplicateKey(e)) throw new ConflictException('A user with this email already exists');
      throw e;
    }
    await this.crm.signedUp(user);
    return user;
  }

  async get(id: number): Promise<User> {
    const user = await this.repo.findOneBy({ id });
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user;
  }

  async upgrade(id: number, dto: UpgradeDto): Promise<User> {
    const user = await this.get(id);
    if (user.status === 'churned') throw new ConflictException('A cancelled account cannot be upgraded');
    Object.assign(user, { plan: dto.plan, companyName: dto.companyName, companyDomain: dto.companyDomain });
    await this.repo.save(user);
    await this.crm.upgraded(user);
    return user;
  }

  async cancel(id: number, _dto: CancelDto): Promise<User> {
    const user = await this.get(id);
    if (user.status === 'churned') return user;
    Object.assign(user, { status: 'churned', churnedAt: new Date() });
    await this.repo.save(user);
    await this.crm.churned(user);
    return user;
  }
}

function isDuplicateKey(e: unknown): boolean {
  return (
    e instanceof QueryFailedError && (e.driverError as { code?: string } | undefined)?.code === 'ER_DUP_ENTRY'
  );
}
