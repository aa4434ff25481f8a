import { ConsoleLogger, ConsoleLoggerOptions, LogLevel } from '@nestjs/common';
import { redact } from './redact';
import { currentCorrelationId } from './request-context';

/** Nest's console logger, plus the request's correlation id on every line and secrets redacted. */
export class AppLogger extends ConsoleLogger {
  private secrets: string[] = [];

  constructor(options: ConsoleLoggerOptions = {}) {
    super(options);
  }

  /** Exact values (tokens, client secrets) to mask wherever they appear. */
  addSecrets(...values: Array<string | undefined>): void {
    this.secrets.push(...values.filter((v): v is string => !!v));
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
  ): string {
    const cid = currentCorrelationId();
    const context = cid ? `${contextMessage}[cid=${cid}] ` : contextMessage;
    const line = super.formatMessage(
      logLevel,
      message,
      pidMessage,
      formattedLogLevel,
      context,
      timestampDiff,
    );
    return redact(line, this.secrets);
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(stack ? redact(stack, this.secrets) : stack);
  }
}
