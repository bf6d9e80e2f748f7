// Runs in a worker thread (see early-inputs.ts): lists the articles folder as a build's inputs.
import { parentPort, workerData } from 'node:worker_threads';
import { articlesFolderInputs } from './build-inputs.ts';

parentPort?.postMessage(articlesFolderInputs((workerData as { articlesDir: string }).articlesDir));
