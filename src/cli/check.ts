import { formatProblem, loadSite } from '../load-site.ts';
import { parseCommand } from './settings-from-args.ts';

/** `herald check`: prints every problem, one per line; exit 1 if there is any. */
export async function runCheck(args: string[]): Promise<number> {
  const { settings } = parseCommand(args, {});
  const { rendered, problems } = await loadSite(settings);
  for (const problem of problems) console.error(formatProblem(problem));
  const count = rendered.site.articles.length;
  const summary = `${count} article${count === 1 ? '' : 's'} published, ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  console.log(summary);
  return problems.length > 0 ? 1 : 0;
}
