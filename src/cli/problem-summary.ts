// What `herald check` and `herald build` say about the problems they found, and whether they fail.
import type { Problem } from '../model.ts';

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `60 articles published, 0 errors, 3 warnings` */
export function problemSummary(published: number, problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return `${count(published, 'article')} published, ${count(errors, 'error')}, ${count(problems.length - errors, 'warning')}`;
}

/** Errors fail a run; warnings only with `--strict`. */
export function problemsFail(problems: readonly Problem[], strict: boolean): boolean {
  return problems.some((p) => strict || p.severity === 'error');
}
