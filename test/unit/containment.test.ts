import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VeilError } from '../../src/api/result.js';
import { isWithin, relativeSegments, resolveInside } from '../../src/datasets/containment.js';
import { DatasetRegistry } from '../../src/datasets/registry.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('relativeSegments', () => {
  it('splits a relative path and drops empty and "." segments', () => {
    expect(relativeSegments('sub-001//anat/./x.nii')).toEqual(['sub-001', 'anat', 'x.nii']);
    expect(relativeSegments('')).toEqual([]);
  });

  it.each(['../etc', 'sub-001/../../etc', '/etc/passwd', 'C:\\Windows', 'a\\..\\..\\b'])('refuses %s', (input) => {
    expect(() => relativeSegments(input)).toThrowError(VeilError);
    try {
      relativeSegments(input);
    } catch (error) {
      expect((error as VeilError).code).toBe('OUTSIDE_DATASET');
    }
  });

  it('refuses NUL bytes', () => {
    expect(() => relativeSegments('a\0b')).toThrow(/NUL/);
  });
});

describe('isWithin', () => {
  it('accepts the root and its descendants only', () => {
    expect(isWithin('/data/ds', '/data/ds')).toBe(true);
    expect(isWithin('/data/ds', '/data/ds/sub-001/anat')).toBe(true);
    expect(isWithin('/data/ds', '/data/ds2')).toBe(false);
    expect(isWithin('/data/ds', '/data')).toBe(false);
  });
});

describe('resolveInside (on a real file system)', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let root: string;
  beforeEach(async () => {
    tmp = await makeTempDir();
    root = path.join(tmp.path, 'dataset');
    await mkdir(path.join(root, 'sub-001'), { recursive: true });
    await mkdir(path.join(tmp.path, 'secret'));
    await writeFile(path.join(tmp.path, 'secret', 'key.csv'), 'id,name\n');
    await symlink(path.join(tmp.path, 'secret'), path.join(root, 'escape'));
    await symlink(path.join(root, 'sub-001'), path.join(root, 'alias'));
  });
  afterEach(() => tmp.remove());

  it('resolves a folder inside the root', async () => {
    expect(await resolveInside(root, 'sub-001')).toBe(path.join(root, 'sub-001'));
  });

  it('follows a symlink that stays inside', async () => {
    expect(await resolveInside(root, 'alias')).toBe(path.join(root, 'sub-001'));
  });

  it('refuses a symlink that leads outside, also through a deeper path', async () => {
    await expect(resolveInside(root, 'escape')).rejects.toMatchObject({ code: 'OUTSIDE_DATASET' });
    await expect(resolveInside(root, 'escape/key.csv')).rejects.toMatchObject({ code: 'OUTSIDE_DATASET' });
  });

  it('reports a missing path as NOT_FOUND', async () => {
    await expect(resolveInside(root, 'sub-999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the registry resolves only within an opened dataset', async () => {
    const registry = new DatasetRegistry();
    const dataset = await registry.open(root);
    expect(await registry.resolve(dataset.id, 'sub-001')).toBe(path.join(root, 'sub-001'));
    await expect(registry.resolve(dataset.id, '../secret')).rejects.toMatchObject({ code: 'OUTSIDE_DATASET' });
    await expect(registry.resolve('0123456789abcdef', '')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the registry opens only absolute paths to existing folders', async () => {
    const registry = new DatasetRegistry();
    await expect(registry.open('relative/path')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(registry.open(path.join(tmp.path, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(registry.open(path.join(tmp.path, 'secret', 'key.csv'))).rejects.toMatchObject({ code: 'NOT_A_DIRECTORY' });
    const first = await registry.open(root);
    const again = await registry.open(path.join(root, 'alias', '..'));
    expect(again.id).toBe(first.id);
    expect(registry.list()).toHaveLength(1);
  });
});
