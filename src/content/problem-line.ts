// The one line a problem is reported as: `articles/x.md: warning: slug: …`.
import type { Problem } from '../model.ts';

export function formatProblem({ file, severity, field, message }: Problem): string {
  return field ? `${file}: ${severity}: ${field}: ${message}` : `${file}: ${severity}: ${message}`;
}
