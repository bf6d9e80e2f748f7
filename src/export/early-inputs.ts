// A build's inputs (the articles folder listed entry by entry, see build-inputs.ts), listed on
// another thread while this one loads the modules a build with work needs and reads the article
// cache: at 10,000 articles the listing is 10,000 `lstat`s, 65–80 ms of an edit's build when this
// thread made them itself.
import { oneShotWorker } from '../one-shot-worker.ts';
import { workerEntry } from '../worker-entry.ts';
import { articlesFolderInputs, type FolderInputs } from './build-inputs.ts';

/**
 * Starts listing `articlesDir`. A thread that cannot start or fails leaves the listing to this one,
 * so the answer is the same either way.
 */
export async function listInputsEarly(articlesDir: string): Promise<FolderInputs> {
  const listed = await oneShotWorker<FolderInputs>(workerEntry(import.meta.url, 'inputs-worker'), {
    articlesDir,
  });
  return listed ?? articlesFolderInputs(articlesDir);
}
