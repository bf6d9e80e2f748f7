import { formatProblem } from '../content/problem-line.ts';
import { loadSite } from '../load-site.ts';
import { problemSummary, problemsFail } from './problem-summary.ts';
import { parseCommand } from './settings-from-args.ts';

/**
 * `herald check [--strict]`: prints every problem, one per line, and a summary; exit 1 if there is an
 * error (with `--strict`, any problem).
 */
export async function runCheck(args: string[]): Promise<number> {
  const { settings, values } = parseCommand(args, { strict: { type: 'boolean' } });
  const { rendered, problems } = await loadSite(settings);
  for (const problem of problems) console.error(formatProblem(problem));
  console.log(problemSummary(rendered.site.site.articles.length, problems));
  return problemsFail(problems, values.strict === true) ? 1 : 0;
}
