import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { HubspotDeadLetter } from './hubspot-dead-letter.entity';

/** Dead letters still waiting for a replay or an operator (resolved ones are history). */
@Injectable()
export class DeadLetterCounter {
  constructor(@InjectRepository(HubspotDeadLetter) private readonly repo: Repository<HubspotDeadLetter>) {}

  count(): Promise<number> {
    return this.repo.count({ where: { status: In(['open', 'replaying']) } });
  }
}
