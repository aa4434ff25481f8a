import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { RUNS_QUEUE, SALES_QUEUE, WEBHOOKS_QUEUE } from '../../config/hubspot.constants';
import { optionalPeer } from '../../config/optional-peer';
import { HubspotConfigError } from '../../errors/hubspot-config.error';
import { ConsoleRequest, ConsoleResponse } from './console-http.types';

type Handler = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;

interface BullBoardPeers {
  createBullBoard: (args: { queues: unknown[]; serverAdapter: unknown; options?: unknown }) => unknown;
  BullAdapter: new (queue: Queue, options: { readOnlyMode: boolean; description?: string }) => unknown;
  ExpressAdapter: new () => { setBasePath(path: string): unknown; getRouter(): Handler };
}

/** Loads Bull Board only when the console is on: hosts without the console need not install it. */
export function loadBullBoard(): BullBoardPeers {
  const api = optionalPeer<Pick<BullBoardPeers, 'createBullBoard'>>('@bull-board/api');
  const adapter = optionalPeer<Pick<BullBoardPeers, 'BullAdapter'>>('@bull-board/api/bullAdapter');
  const express = optionalPeer<Pick<BullBoardPeers, 'ExpressAdapter'>>('@bull-board/express');
  if (!api || !adapter || !express) {
    throw new HubspotConfigError([
      'admin.console needs the packages @bull-board/api and @bull-board/express (npm install @bull-board/api @bull-board/express)',
    ]);
  }
  return { ...api, ...adapter, ...express };
}

/**
 * Bull Board over the module's Bull queues (webhook events, runs, outbox sales), read-only: dead letters and
 * runs have their own replay, and a sale retried by hand could race its own job. Record upserts and
 * associations are not Bull jobs: the portals page shows their per-portal queues.
 */
@Injectable()
export class QueuesBoard {
  private readonly queues: Queue[];
  private router?: { basePath: string; handle: Handler };

  constructor(
    @InjectQueue(WEBHOOKS_QUEUE) webhooks: Queue,
    @InjectQueue(RUNS_QUEUE) runs: Queue,
    @InjectQueue(SALES_QUEUE) sales: Queue,
  ) {
    this.queues = [webhooks, runs, sales];
  }

  /** Serves one request below `basePath` (the board's mount point as the browser sees it). */
  handle(req: ConsoleRequest, res: ConsoleResponse, basePath: string, next: (err?: unknown) => void): void {
    if (this.router?.basePath !== basePath) this.router = { basePath, handle: this.build(basePath) };
    const [path, query] = splitQuery(req.originalUrl ?? req.url);
    req.url = (path.slice(basePath.length) || '/') + query;
    req.baseUrl = basePath;
    this.router.handle(req, res, next);
  }

  private build(basePath: string): Handler {
    const { createBullBoard, BullAdapter, ExpressAdapter } = loadBullBoard();
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(basePath);
    createBullBoard({
      queues: this.queues.map((queue) => new BullAdapter(queue, { readOnlyMode: true })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'HubSpot sync queues' } },
    });
    return serverAdapter.getRouter();
  }
}

function splitQuery(url: string): [string, string] {
  const i = url.indexOf('?');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i)];
}
