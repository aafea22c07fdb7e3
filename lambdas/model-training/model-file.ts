import { existsSync, readFileSync } from 'node:fs';
import { type LinearModel, loadModel } from '../domain/model/linear-model.ts';
import { DataMissingError, defaultModelFile } from './paths.ts';

/** Reads and loads a model file (default: the shipped `models/default/model.json`). */
export const readModel = (file: string = defaultModelFile): LinearModel => {
  if (!existsSync(file)) throw new DataMissingError(`there is no model at ${file}: train one with "bridge train"`);
  return loadModel(JSON.parse(readFileSync(file, 'utf8')));
};
