import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, UseGuards } from '@nestjs/common';
import { ApiTokenGuard } from './api-token.guard';
import { CancelDto } from './dto/cancel.dto';
import { SignupDto } from './dto/signup.dto';
import { UpgradeDto } from './dto/upgrade.dto';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** The example's REST API; a real app puts its own authentication here (see ApiTokenGuard). */
@Controller('users')
@UseGuards(ApiTokenGuard)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  signup(@Body() dto: SignupDto): Promise<User> {
    return this.users.signup(dto);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<User> {
    return this.users.get(id);
  }

  @Post(':id/upgrade')
  @HttpCode(200)
  upgrade(@Param('id', ParseIntPipe) id: number, @Body() dto: UpgradeDto): Promise<User> {
    return this.users.upgrade(id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id', ParseIntPipe) id: number, @Body() dto: CancelDto): Promise<User> {
    return this.users.cancel(id, dto);
  }
}
