import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SALES_QUEUE, SalesEventsProcessor } from './sales-events.processor';
import { User } from './user.entity';
import { UsersCompanySource } from './users.company-source';
import { UsersContactSource } from './users.contact-source';
import { UsersController } from './users.controller';
import { UsersCrmSync } from './users-crm.sync';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    BullModule.registerQueue({
      name: SALES_QUEUE,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
      },
    }),
  ],
  controllers: [UsersController],
  providers: [UsersService, UsersCrmSync, UsersContactSource, UsersCompanySource, SalesEventsProcessor],
  exports: [UsersService],
})
export class UsersModule {}
