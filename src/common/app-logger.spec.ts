import { AppLogger } from './app-logger';
import { requestContext } from './request-context';

describe('AppLogger', () => {
  let out: string[];
  beforeEach(() => {
    out = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  });
  afterEach(() => jest.restoreAllMocks());

  it('prefixes the request correlation id and masks registered secrets, in messages and stacks', () => {
    const logger = new AppLogger({ colors: false });
    logger.addSecrets('super-secret-token', undefined);
    requestContext.run({ correlationId: 'req-42' }, () => {
      logger.log('calling with super-secret-token', 'Users');
      logger.error('failed', 'Error: boom with super-secret-token\n    at x', 'Users');
    });
    const text = out.join('');
    expect(text).toContain('[Users] [cid=req-42] calling with [REDACTED]');
    expect(text).toContain('boom with [REDACTED]');
    expect(text).not.toContain('super-secret-token');
  });

  it('logs an error without a stack', () => {
    const logger = new AppLogger({ colors: false });
    expect(() => logger.error(new Error('no stack here'))).not.toThrow();
  });
});
