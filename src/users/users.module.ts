import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './user.entity';
import { UsersCompanySource } from './users.company-source';
import { UsersContactSource } from './users.contact-source';
import { UsersController } from './users.controller';
import { UsersCrmSync } from './users-crm.sync';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UsersService, UsersCrmSync, UsersContactSource, UsersCompanySource],
  exports: [UsersService],
})
export class UsersModule {}
