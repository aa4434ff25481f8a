import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { HubspotTransientError } from '../../errors';
import { JobFailureLog } from './job-failure.log';

function job(id: number, attemptsMade: number, attempts = 8): Job {
  return { id, name: 'sync', attemptsMade, opts: { attempts } } as unknown as Job;
}

describe('JobFailureLog', () => {
  const lines: Array<[string, string]> = [];
  const logger = {
    error: (line: string) => lines.push(['error', line]),
    warn: (line: string) => lines.push(['warn', line]),
  } as unknown as Logger;

  beforeEach(() => {
    lines.length = 0;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('warns about a HubSpot error with attempts left, and errs on the last attempt', () => {
    const log = new JobFailureLog(logger);
    log.record(job(1, 1), new HubspotTransientError('502 Bad Gateway'));
    log.record(job(2, 8), new HubspotTransientError('502 Bad Gateway'));
    expect(lines).toEqual([
      ['warn', 'sync job 1 failed (attempt 1 of 8, will retry): 502 Bad Gateway'],
      ['error', 'sync job 2 failed (attempt 8 of 8, no attempt left): 502 Bad Gateway'],
    ]);
  });

  it('logs an unexpected error as an error at once, and counts a batch of repeats into one line', () => {
    const log = new JobFailureLog(logger);
    for (let id = 1; id <= 100; id++)
      log.record(job(id, 1), new Error('No metadata for "HubspotObjectMap" was found.'));
    expect(lines).toEqual([
      [
        'error',
        'sync job 1 failed (attempt 1 of 8, will retry): No metadata for "HubspotObjectMap" was found.',
      ],
    ]);
    jest.advanceTimersByTime(5_000);
    expect(lines[1]).toEqual([
      'error',
      '... and 99 more sync job(s) failed the same way: No metadata for "HubspotObjectMap" was found.',
    ]);
    log.record(job(101, 2), new Error('No metadata for "HubspotObjectMap" was found.'));
    expect(lines).toHaveLength(3);
  });

  it('writes what it is still counting when flushed', () => {
    const log = new JobFailureLog(logger);
    log.record(job(1, 1), new HubspotTransientError('timeout'));
    log.record(job(2, 1), new HubspotTransientError('timeout'));
    log.flush();
    expect(lines.map(([level, line]) => `${level}: ${line}`)).toEqual([
      'warn: sync job 1 failed (attempt 1 of 8, will retry): timeout',
      'warn: ... and 1 more sync job(s) failed the same way: timeout',
    ]);
  });
});
