/**
 * Real public T1 images and templates (../shared/data beside the project, see its README): each is read, checked
 * against nifti-reader-js and against the collection's manifest (nibabel's header summary), and
 * written back byte for byte. The data folder is not part of the repository, so without it these
 * tests are skipped (and say so).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress, readHeader as referenceHeader, readImage as referenceImage } from 'nifti-reader-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNifti, toVolume, writeNiftiAtomic } from '../../src/nifti/index.js';
import { NIFTI_DATATYPE_CODES } from '../fixtures/nifti-encode.js';
import { PROJECT_ROOT } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';

// The shared data sits beside the project (../shared/data), on developer machines and in CI alike.
const DATA_ROOT = path.resolve(PROJECT_ROOT, '..', 'shared', 'data');
const FOLDERS = ['t1', 'templates'];
const available = existsSync(path.join(DATA_ROOT, 't1'));

interface ManifestEntry {
  nifti?: {
    dims: number[];
    datatype: number;
    affine: number[][];
    raw_min: number;
    raw_max: number;
  };
}

const files = available
  ? FOLDERS.flatMap((folder) =>
      existsSync(path.join(DATA_ROOT, folder))
        ? readdirSync(path.join(DATA_ROOT, folder))
            .filter((name) => name.endsWith('.nii.gz'))
            .sort()
            .map((name) => `${folder}/${name}`)
        : [],
    )
  : [];
const manifestPath = path.join(DATA_ROOT, 'manifest.json');
const manifest: Record<string, ManifestEntry> = available && existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {};

describe.skipIf(!available)(`real images in ${DATA_ROOT}/{t1,templates}${available ? '' : ' (skipped: the shared data folder is absent)'}`, () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    tmp = await makeTempDir('veil-nifti-real-');
  });
  afterAll(() => tmp.remove());

  it('finds images to test', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s: agrees with nifti-reader-js and the manifest, and round-trips byte for byte', async (relative) => {
    const input = path.join(DATA_ROOT, relative);
    const compressed = await readFile(input);
    const image = await readNifti(input);
    expect(image.warnings).toEqual([]);

    const raw = decompress(compressed.buffer.slice(compressed.byteOffset, compressed.byteOffset + compressed.byteLength) as ArrayBuffer);
    const rawBuffer = raw instanceof ArrayBuffer ? raw : new Uint8Array(raw).slice().buffer;
    const reference = referenceHeader(rawBuffer);
    expect(image.dims).toEqual(reference.dims.slice(1, 4));
    expect(image.littleEndian).toBe(reference.littleEndian);
    expect(image.voxOffset).toBe(reference.vox_offset);
    expect(reference.datatypeCode).toBe(NIFTI_DATATYPE_CODES[image.datatype]);
    const referenceVoxels = new Uint8Array(referenceImage(reference, rawBuffer));
    expect(Buffer.from(image.stored.buffer, image.stored.byteOffset, image.stored.byteLength).equals(referenceVoxels)).toBe(true);

    const summary = manifest[relative]?.nifti;
    if (summary) {
      expect(image.dims).toEqual(summary.dims);
      summary.affine.flat().forEach((value, index) => expect(image.affine[index], `affine[${index}]`).toBeCloseTo(value, 3));
      let [min, max] = [Infinity, -Infinity];
      for (const value of image.stored) [min, max] = [Math.min(min, value), Math.max(max, value)];
      expect([min, max]).toEqual([summary.raw_min, summary.raw_max]);
    }
    expect(toVolume(image).data.every(Number.isFinite)).toBe(true);

    const output = path.join(tmp.path, path.basename(relative));
    await writeNiftiAtomic(output, image, image.stored);
    expect(gunzipSync(await readFile(output)).equals(gunzipSync(compressed))).toBe(true);
  });
});
