import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context.js';

const ORDER: Record<string, number> = { debug: 0, verbose: 0, log: 1, warn: 2, error: 3, fatal: 4, silent: 9 };

/** One JSON object per line on stdout, with the request id of the request being served (if any). */
export class JsonLogger implements LoggerService {
  constructor(private readonly minLevel: string = 'log') {}

  private write(level: LogLevel, message: unknown, context?: string, extra?: Record<string, unknown>) {
    if ((ORDER[level] ?? 1) < (ORDER[this.minLevel] ?? 1)) return;
    const line: Record<string, unknown> = { time: new Date().toISOString(), level, context, requestId: currentRequestId() };
    if (message instanceof Error) {
      line.msg = message.message;
      line.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(line, message);
    } else {
      line.msg = message;
    }
    Object.assign(line, extra);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }

  log(message: unknown, context?: string) {
    this.write('log', message, context);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('verbose', message, context);
  }
  error(message: unknown, stack?: string, context?: string) {
    this.write('error', message, context, stack && !(message instanceof Error) ? { stack } : undefined);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }
}
