import { LoggerService } from '@nestjs/common';

/** Every line any Nest logger writes, to prove no secret reaches the logs. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private readonly levels: string[] = [];
  log = (...args: unknown[]) => this.push('log', args);
  error = (...args: unknown[]) => this.push('error', args);
  warn = (...args: unknown[]) => this.push('warn', args);
  debug = (...args: unknown[]) => this.push('debug', args);
  verbose = (...args: unknown[]) => this.push('verbose', args);
  fatal = (...args: unknown[]) => this.push('fatal', args);

  /** The level of the first line containing `text`. */
  levelOf(text: string): string | undefined {
    return this.levels[this.lines.findIndex((line) => line.includes(text))];
  }

  private push(level: string, args: unknown[]): void {
    this.levels.push(level);
    this.lines.push(
      args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : JSON.stringify(a))).join(' '),
    );
  }
}
