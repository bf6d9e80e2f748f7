import { UsageError } from './settings-from-args.ts';

/** `herald build --out DIR`: the static export. (Lands with the export issue.) */
export async function runBuild(_args: string[]): Promise<number> {
  throw new UsageError('build is not available yet');
}
