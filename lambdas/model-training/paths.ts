import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's location (not the working directory). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Public labelled data beside the repository (see its README): never copied into the project. */
export const sharedDataDir = resolve(repoRoot, '../shared/data');
export const permissiveDataDir = resolve(sharedDataDir, 'permissive');
export const airlineTweetsFile = resolve(sharedDataDir, 'airline-tweets/Tweets.csv');

/** The shipped model. */
export const defaultModelFile = resolve(repoRoot, 'models/default/model.json');

/** A data folder or file the command needs is not there. */
export class DataMissingError extends Error {}

/** Whether the permissive training data is present (tests skip when it is not). */
export const hasPermissiveData = (dir: string = permissiveDataDir): boolean => existsSync(resolve(dir, 'README.md'));

export const requirePermissiveData = (dir: string = permissiveDataDir): string => {
  if (!hasPermissiveData(dir)) {
    throw new DataMissingError(
      `the permissive training data is not at ${dir}: put the shared data folder beside the repository (../shared/data/permissive) or train on your own file with --data`,
    );
  }
  return dir;
};
