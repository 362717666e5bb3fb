/**
 * A tiny structured logger: `[module] message key=value …`, to stderr and, once `configureLogFile`
 * has been called with the data dir, to a size-capped rotating file `logs/app.log`.
 * Fields go through `redact` so personal data and credentials never reach the log.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redact, type LogFields } from './redact';

export type { LogFields } from './redact';
export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LogFileOptions {
  dataDir: string;
  /** Size at which app.log is rotated; 1 MiB by default. */
  maxBytes?: number;
  /** How many rotated files (app.log.1 …) are kept. */
  keep?: number;
}

interface FileSink {
  file: string;
  maxBytes: number;
  keep: number;
  size: number;
}

let fileSink: FileSink | null = null;
let stderrEnabled = true;

export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'app.log');
}

/** Sends every logger's lines to `<dataDir>/logs/app.log` as well as stderr. */
export function configureLogFile(options: LogFileOptions): void {
  const file = logFilePath(options.dataDir);
  mkdirSync(join(options.dataDir, 'logs'), { recursive: true, mode: 0o700 });
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    size = 0;
  }
  fileSink = { file, maxBytes: options.maxBytes ?? 1024 * 1024, keep: options.keep ?? 3, size };
}

/** Stops writing to the log file (the data dir may be deleted afterwards, e.g. in tests). */
export function closeLogFile(dataDir?: string): void {
  if (!fileSink) return;
  if (dataDir === undefined || fileSink.file === logFilePath(dataDir)) fileSink = null;
}

/** Tests and the CLI's `--json` mode keep stderr quiet; the file still receives everything. */
export function setStderrLogging(enabled: boolean): void {
  stderrEnabled = enabled;
}

export function formatLogLine(level: LogLevel, module: string, message: string, fields?: LogFields): string {
  const { fields: clean, dropped } = redact(fields);
  const parts = [`[${module}]`];
  if (level !== 'info') parts.push(level.toUpperCase());
  parts.push(message.replace(/[\r\n]+/g, ' '));
  for (const [key, value] of Object.entries(clean)) {
    parts.push(`${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : String(value)}`);
  }
  if (dropped > 0) parts.push(`redactedFields=${dropped}`);
  return parts.join(' ');
}

function writeToFile(line: string): void {
  const sink = fileSink;
  if (!sink) return;
  const entry = `${new Date().toISOString()} ${line}\n`;
  const bytes = Buffer.byteLength(entry);
  try {
    if (sink.size + bytes > sink.maxBytes && sink.size > 0) rotate(sink);
    appendFileSync(sink.file, entry, { mode: 0o600 });
    sink.size += bytes;
  } catch {
    // A full disk or a removed folder must never break the app because of logging.
  }
}

function rotate(sink: FileSink): void {
  rmSync(`${sink.file}.${sink.keep}`, { force: true });
  for (let index = sink.keep - 1; index >= 1; index -= 1) {
    try {
      renameSync(`${sink.file}.${index}`, `${sink.file}.${index + 1}`);
    } catch {
      // That generation does not exist yet.
    }
  }
  renameSync(sink.file, `${sink.file}.1`);
  sink.size = 0;
}

export function createLogger(module: string): Logger {
  const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
    const line = formatLogLine(level, module, message, fields);
    if (stderrEnabled) process.stderr.write(`${line}\n`);
    writeToFile(line);
  };
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}
