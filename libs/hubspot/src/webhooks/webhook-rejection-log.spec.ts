import { Logger } from '@nestjs/common';
import { WebhookRejectionLog } from './webhook-rejection-log';

describe('WebhookRejectionLog', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs one line a minute per reason and then says how many it left out', () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = new WebhookRejectionLog();
    for (let i = 0; i < 500; i++) log.record('bad-signature', 'signature does not match');
    log.record('unsigned', 'no valid signature headers');
    expect(warn).toHaveBeenCalledTimes(2);
    now += 60_000;
    log.record('bad-signature', 'signature does not match');
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls[2][0]).toBe(
      'Rejected webhook delivery: signature does not match (499 more bad-signature rejection(s) not logged since the last line)',
    );
  });
});
