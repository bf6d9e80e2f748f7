import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type LoggedRequest, parseLogLine } from '../readers/log-lines.ts';
import { formatReadersReport, readersReport } from '../readers/readers-report.ts';
import { parseCommand, UsageError } from './settings-from-args.ts';

/**
 * `herald readers [--json] LOGFILE…`: who reads the feeds, from Herald's request log (what `herald
 * serve` prints) or nginx `combined` logs. Lines that are not requests are skipped.
 */
export async function runReaders(args: string[]): Promise<number> {
  const { settings, values, positionals } = parseCommand(args, { json: { type: 'boolean' } });
  if (positionals.length === 0)
    throw new UsageError('give one or more log files, e.g. herald readers access.log');
  const requests: LoggedRequest[] = [];
  for (const file of positionals) {
    try {
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        const request = parseLogLine(line);
        if (request) requests.push(request);
      }
    } catch (error) {
      console.error(`herald readers: cannot read ${file}: ${(error as Error).message}`);
      return 2;
    }
  }
  const report = readersReport(requests, { maxAgeSeconds: settings.cacheMaxAgeSeconds });
  process.stdout.write(
    values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReadersReport(report),
  );
  return 0;
}
