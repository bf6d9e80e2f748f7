// Reading request logs: Herald's own (a JSON line per request, as `herald serve` writes it) and
// nginx's `combined` format, so exported sites can be measured too. Other lines are skipped.
import { parseRequestLogLine } from '../http/request-log.ts';

export interface LoggedRequest {
  time: number;
  ip: string;
  method: string;
  /** The path without its query. */
  path: string;
  status: number;
  bytes: number;
  userAgent: string;
  /** Validators the client sent; undefined when the log cannot say (nginx's combined format). */
  validators?: { ifNoneMatch?: string; ifModifiedSince?: string };
  /** The Last-Modified Herald answered with, when the log records it. */
  lastModified?: string;
}

// $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"
const COMBINED =
  /^(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+)[^"]*" (\d{3}) (\d+|-) "(?:[^"\\]|\\.)*" "((?:[^"\\]|\\.)*)"/;
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

export function parseLogLine(line: string): LoggedRequest | undefined {
  const herald = parseRequestLogLine(line);
  if (herald) {
    const time = Date.parse(herald.time);
    if (Number.isNaN(time)) return undefined;
    const validators: LoggedRequest['validators'] = {};
    if (herald.ifNoneMatch !== undefined) validators.ifNoneMatch = herald.ifNoneMatch;
    if (herald.ifModifiedSince !== undefined) validators.ifModifiedSince = herald.ifModifiedSince;
    return {
      time,
      ip: herald.ip,
      method: herald.method,
      path: withoutQuery(herald.path),
      status: herald.status,
      bytes: herald.bytes ?? 0,
      userAgent: herald.ua ?? '',
      validators,
      ...(herald.lastModified === undefined ? {} : { lastModified: herald.lastModified }),
    };
  }
  const m = COMBINED.exec(line);
  if (!m) return undefined;
  const time = nginxTime(m[2] as string);
  if (time === undefined) return undefined;
  return {
    time,
    ip: m[1] as string,
    method: m[3] as string,
    path: withoutQuery(m[4] as string),
    status: Number(m[5]),
    bytes: m[6] === '-' ? 0 : Number(m[6]),
    userAgent: (m[7] as string).replace(/\\(.)/g, '$1'),
  };
}

function withoutQuery(path: string): string {
  const q = path.indexOf('?');
  return q === -1 ? path : path.slice(0, q);
}

/** `10/Oct/2000:13:55:36 -0700` → milliseconds. */
function nginxTime(text: string): number | undefined {
  const m = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] as string) / 3;
  if (!Number.isInteger(month) || month < 0) return undefined;
  const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - offset;
}
