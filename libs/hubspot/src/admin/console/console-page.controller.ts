import { Controller, Get, Headers, Param, Req, Res, Type, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '../openapi.decorators';
import { ConsoleAssets } from './console-assets';
import { CONSOLE_SECURITY_HEADERS, consoleBasePath } from './console-base-path';
import { ConsoleEnabledGuard } from './console-enabled.guard';
import { ConsoleRequest, ConsoleResponse } from './console-http.types';
import { ConsoleSessionGuard } from './console-session.guard';
import { ConsoleSignInPageFilter } from './console-sign-in-page.filter';

/** The console's page (or, signed out, the sign-in page with 401) and its static assets. */
@ApiExcludeController()
@UseGuards(ConsoleEnabledGuard)
export class ConsolePageController {
  constructor(private readonly assets: ConsoleAssets) {}

  @Get()
  @UseGuards(ConsoleSessionGuard)
  @UseFilters(ConsoleSignInPageFilter)
  page(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): void {
    const html = this.assets.render('console.html', {
      base: consoleBasePath(req),
      csrf: req.consoleSession!.csrfToken,
    });
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.status(200).send(html);
  }

  /** Public: the sign-in page needs them too, and they hold nothing secret. */
  @Get('assets/:name')
  asset(
    @Param('name') name: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: ConsoleResponse,
  ): void {
    const asset = this.assets.asset(name);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (!asset) {
      res.status(404).send('Not found');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', asset.etag);
    if (ifNoneMatch === asset.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', asset.type);
    res.status(200).send(asset.body);
  }
}

export function consolePageControllerAt(path: string): Type {
  class MountedConsolePageController extends ConsolePageController {}
  Controller(path)(MountedConsolePageController);
  return MountedConsolePageController;
}
