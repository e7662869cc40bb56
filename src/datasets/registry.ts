/**
 * The datasets the user has opened in this session. A dataset is known by an id derived from its
 * real path; all later requests name files relative to it.
 */
import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Dataset } from '../api/contract.js';
import { VeilError } from '../api/result.js';
import { resolveInside } from './containment.js';
import { fileSystemError } from '../files/fs-errors.js';

/**
 * Derives the stable id of a dataset from its real root path (the same folder gets the same id).
 *
 * @example
 * datasetIdFor('/data/ds'); // '3f0c…' (16 hex digits)
 */
export function datasetIdFor(realRoot: string): string {
  return createHash('sha256').update(realRoot).digest('hex').slice(0, 16);
}

export class DatasetRegistry {
  readonly #datasets = new Map<string, Dataset>();

  /**
   * Opens (or re-opens) the folder at an absolute path as a dataset.
   *
   * @example
   * const ds = await registry.open('/data/study'); // {id, name: 'study', root: '/data/study'}
   */
  async open(userPath: string): Promise<Dataset> {
    if (!path.isAbsolute(userPath)) {
      throw new VeilError('BAD_REQUEST', `A dataset folder must be given as an absolute path: ${userPath}`);
    }
    let root: string;
    try {
      root = await realpath(userPath);
      if (!(await stat(root)).isDirectory()) throw new VeilError('NOT_A_DIRECTORY', `Not a folder: ${userPath}`);
    } catch (error) {
      throw fileSystemError(error, 'open', userPath);
    }
    const dataset: Dataset = { id: datasetIdFor(root), name: path.basename(root) || root, root };
    this.#datasets.set(dataset.id, dataset);
    return dataset;
  }

  /**
   * The open datasets, in the order they were first opened.
   *
   * @example
   * registry.list().map((d) => d.name);
   */
  list(): Dataset[] {
    return [...this.#datasets.values()];
  }

  /**
   * The open dataset with this id, or a NOT_FOUND error.
   *
   * @example
   * registry.get(id).root;
   */
  get(datasetId: string): Dataset {
    const dataset = this.#datasets.get(datasetId);
    if (!dataset) throw new VeilError('NOT_FOUND', `No open dataset has id ${datasetId}; open the folder first.`);
    return dataset;
  }

  /**
   * Resolves a path relative to an open dataset to a real absolute path inside it.
   *
   * @example
   * await registry.resolve(id, 'sub-001/ses-mri01'); // '/data/study/sub-001/ses-mri01'
   */
  async resolve(datasetId: string, relativePath: string): Promise<string> {
    return resolveInside(this.get(datasetId).root, relativePath);
  }
}
