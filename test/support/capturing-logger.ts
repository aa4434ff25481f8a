import { LoggerService } from '@nestjs/common';

/** Every line any Nest logger writes, to prove no secret reaches the logs. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (...args: unknown[]) => this.push(args);
  error = (...args: unknown[]) => this.push(args);
  warn = (...args: unknown[]) => this.push(args);
  debug = (...args: unknown[]) => this.push(args);
  verbose = (...args: unknown[]) => this.push(args);
  fatal = (...args: unknown[]) => this.push(args);
  private push(args: unknown[]): void {
    this.lines.push(
      args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : JSON.stringify(a))).join(' '),
    );
  }
}
