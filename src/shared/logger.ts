import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON logger for the process; each camera gets a child logger so its
 * lines carry the camera id. Paths that might hold credentials are censored
 * by pino itself as a second line of defence behind redactSecrets().
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env['PREMISES_LOG_LEVEL'] ?? 'info';
  return pino(
    {
      level,
      base: { app: 'premises' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['password', '*.password', 'credentials', '*.credentials', 'rtspUrl', '*.rtspUrl', 'authorization', '*.authorization'],
        censor: '***',
      },
    },
    options.destination ?? process.stdout,
  );
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
