import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readHeader as referenceHeader, readImage as referenceImage } from 'nifti-reader-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VeilError } from '../../src/api/result.js';
import {
  backgroundStoredValue,
  encodeNiftiBytes,
  parseNifti,
  readNifti,
  scaledVoxels,
  storedValueFor,
  toVolume,
  writeNiftiAtomic,
} from '../../src/nifti/index.js';
import { datatypeSpec } from '../../src/nifti/datatypes.js';
import { intensityAt } from '../../src/volume/volume.js';
import { decodeVoxels } from '../../src/nifti/voxels.js';
import { NIFTI1, patched, SMALL_AFFINE, SMALL_DIMS, smallNifti, smallValues } from '../fixtures/nifti-bad-inputs.js';
import { encodeNifti } from '../fixtures/nifti-encode.js';
import type { NiftiDatatype } from '../fixtures/nifti-encode.js';
import { makeTempDir } from '../support/temp-dir.js';

const DATATYPES: NiftiDatatype[] = ['uint8', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'];

/** The file bytes without gzip, for comparing whole files. */
function decompressed(bytes: Uint8Array): Buffer {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
}

function flatAffine(rows: number[][]): number[] {
  return rows.flat();
}

function expectAffineClose(actual: Float64Array, expected: readonly number[], digits = 5): void {
  expect(actual).toHaveLength(16);
  Array.from(actual).forEach((value, index) => expect(value, `affine[${index}]`).toBeCloseTo(expected[index], digits));
}

function thrown(action: () => unknown): VeilError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(VeilError);
    return error as VeilError;
  }
  throw new Error('expected a VeilError, nothing was thrown');
}

describe('parseNifti: datatypes and byte order', () => {
  it.each(DATATYPES.flatMap((datatype) => [true, false].flatMap((littleEndian) => [false, true].map((gzip) => [datatype, littleEndian, gzip] as const))))(
    '%s, little-endian %s, gzip %s: values, datatype and byte-identical re-encoding',
    (datatype, littleEndian, gzip) => {
      const bytes = decompressed(smallNifti({ datatype, littleEndian, gzip }));
      const image = parseNifti(smallNifti({ datatype, littleEndian, gzip }), 'small.nii');
      expect(image.datatype).toBe(datatype);
      expect(image.littleEndian).toBe(littleEndian);
      expect(image.dims).toEqual([...SMALL_DIMS]);
      expect(image.stored.constructor).toBe(smallValues(datatype).constructor);
      expect(Array.from(image.stored)).toEqual(Array.from(smallValues(datatype)));
      expect(image.warnings).toEqual([]);
      expect(Buffer.from(encodeNiftiBytes(image, image.stored)).equals(bytes)).toBe(true);
    },
  );

  it.each([
    [1, true],
    [1, false],
    [2, true],
    [2, false],
  ] as const)('NIfTI-%i (little-endian %s) agrees with nifti-reader-js on header and voxel bytes', (version, littleEndian) => {
    const bytes = smallNifti({ version, littleEndian, datatype: 'int16' });
    const image = parseNifti(bytes, 'small.nii');
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const reference = referenceHeader(buffer);
    expect(image.version).toBe(version);
    expect(reference.littleEndian).toBe(littleEndian);
    expect(image.dims).toEqual(reference.dims.slice(1, 4));
    expect(reference.datatypeCode).toBe(4);
    expect(image.voxOffset).toBe(reference.vox_offset);
    expect(image.pixdim).toEqual(reference.pixDims.slice(1, 4));
    const referenceVoxels = new DataView(referenceImage(reference, buffer));
    image.stored.forEach((value, index) => expect(referenceVoxels.getInt16(index * 2, littleEndian)).toBe(value));
  });

  it.each([
    [1, false],
    [1, true],
    [2, false],
    [2, true],
  ] as const)('NIfTI-%i, gzip %s: version, compression, sform and descrip', (version, gzip) => {
    const image = parseNifti(smallNifti({ version, gzip, descrip: 'TE=2.4' }), 'small');
    expect(image.version).toBe(version);
    expect(image.gzipped).toBe(gzip);
    expect(image.voxOffset).toBe(version === 1 ? 352 : 544);
    expect(image.prefix).toHaveLength(image.voxOffset);
    expect(image.affineSource).toBe('sform');
    expectAffineClose(image.affine, flatAffine(SMALL_AFFINE));
    expect(image.descrip).toBe('TE=2.4');
    expect(image.pixdim).toEqual([2, 3, 4]);
  });

  it('decodes voxels in place only when they are its own and aligned for the datatype', () => {
    const bytes = () => new Uint8Array([0, 1, 0, 2, 0, 3]);
    const own = bytes();
    const inPlace = decodeVoxels(own.subarray(0, 4), datatypeSpec('int16'), false, true);
    expect([...inPlace]).toEqual([1, 2]);
    expect(inPlace.buffer).toBe(own.buffer);
    const unaligned = bytes();
    const odd = decodeVoxels(unaligned.subarray(1, 5), datatypeSpec('int16'), true, true);
    expect([...odd]).toEqual([1, 2]);
    expect(odd.buffer).not.toBe(unaligned.buffer);
    const callers = bytes();
    expect(decodeVoxels(callers.subarray(0, 4), datatypeSpec('int16'), false, false).buffer).not.toBe(callers.buffer);
    expect([...callers]).toEqual([...bytes()]);
  });

  it('owns its bytes: changing the input buffer afterwards changes nothing', () => {
    const bytes = smallNifti();
    const image = parseNifti(bytes, 'small.nii');
    bytes.fill(0xee);
    expect(Buffer.from(encodeNiftiBytes(image, image.stored)).equals(smallNifti())).toBe(true);
  });

  it('reads a 4D image with a single volume as 3D', () => {
    const data = new Int16Array(4 * 5 * 6).map((_, index) => index);
    const image = parseNifti(smallNifti({ dims: [4, 5, 6, 1], data }), 'single-volume.nii');
    expect(image.dims).toEqual([4, 5, 6]);
    expect(Array.from(image.stored)).toEqual(Array.from(data));
  });
});

describe('scaling (scl_slope, scl_inter)', () => {
  it('applies slope and intercept in toVolume', () => {
    const image = parseNifti(smallNifti({ datatype: 'int16', sclSlope: 2, sclInter: -10 }), 'scaled.nii');
    expect([image.sclSlope, image.sclInter]).toEqual([2, -10]);
    const volume = toVolume(image);
    expect(volume.dims).toEqual([...SMALL_DIMS]);
    expect(volume.data).toBeInstanceOf(Float32Array);
    image.stored.forEach((stored, index) => expect(volume.data[index]).toBe(stored * 2 - 10));
  });

  it('reads uint8 with slope 1/255 (as avg152T1 stores it)', () => {
    const image = parseNifti(smallNifti({ datatype: 'uint8', sclSlope: 1 / 255 }), 'avg.nii');
    const volume = toVolume(image);
    expect(volume.data[119]).toBeCloseTo(119 / 255, 6);
  });

  it.each([
    ['0', 0],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('slope %s means no scaling, even with an intercept', (_label, slope) => {
    const image = parseNifti(smallNifti({ sclSlope: slope, sclInter: 100 }), 'unscaled.nii');
    expect([image.sclSlope, image.sclInter]).toEqual([1, 0]);
    expect(Array.from(toVolume(image).data)).toEqual(Array.from(image.stored));
  });

  it('uses 0 for a non-finite intercept with a warning', () => {
    const image = parseNifti(smallNifti({ sclSlope: 2, sclInter: Number.NaN }), 'nan-inter.nii');
    expect([image.sclSlope, image.sclInter]).toEqual([2, 0]);
    expect(image.warnings).toEqual(['nan-inter.nii: scl_inter is NaN; 0 was used.']);
  });

  it('replaces NaN and ±Inf voxels by 0 and reports how many', () => {
    const data = smallValues('float32');
    data[5] = Number.NaN;
    data[6] = Number.POSITIVE_INFINITY;
    data[7] = Number.NEGATIVE_INFINITY;
    const image = parseNifti(smallNifti({ datatype: 'float32', data }), 'nan.nii');
    expect(image.warnings).toHaveLength(1);
    expect(image.warnings[0]).toMatch(/^nan\.nii: 3 voxels are NaN or infinite/);
    const volume = toVolume(image);
    expect([volume.data[5], volume.data[6], volume.data[7]]).toEqual([0, 0, 0]);
    expect(volume.data.every(Number.isFinite)).toBe(true);
    // The stored values are untouched: an unchanged image is still written back as it was.
    expect(Number.isNaN(image.stored[5])).toBe(true);
  });

  it('replaces non-finite voxels by the minimum when 0 is outside the intensity range', () => {
    const data = new Float64Array(120).map((_, index) => 50 + index);
    data[3] = Number.NaN;
    const volume = toVolume(parseNifti(smallNifti({ datatype: 'float64', data }), 'positive.nii'));
    expect(volume.data[3]).toBe(50);
  });

  it('counts intensities that overflow Float32 after scaling as non-finite', () => {
    const data = new Float64Array(120).fill(1);
    data[0] = 1e300;
    const image = parseNifti(smallNifti({ datatype: 'float64', data }), 'huge.nii');
    expect(image.warnings[0]).toMatch(/1 voxels are NaN or infinite/);
    expect(toVolume(image).data[0]).toBe(1);
  });

  it('reads each voxel as toVolume stores it, without the Float32 copy', () => {
    const withNonFinite = new Float64Array(120).map((_, index) => 50 + index / 3);
    withNonFinite[3] = Number.NaN;
    withNonFinite[4] = 1e300;
    const images = [
      ...DATATYPES.map((datatype) => parseNifti(smallNifti({ datatype, sclSlope: 0.37, sclInter: -3 }), `${datatype}.nii`)),
      ...DATATYPES.map((datatype) => parseNifti(smallNifti({ datatype }), `${datatype}-unscaled.nii`)),
      parseNifti(smallNifti({ datatype: 'float64', data: withNonFinite }), 'non-finite.nii'),
    ];
    for (const image of images) {
      const voxels = scaledVoxels(image);
      const volume = toVolume(image);
      expect(volume.data.every((value, index) => intensityAt(voxels, index) === value), image.name).toBe(true);
    }
  });
});

describe('storedValueFor and backgroundStoredValue', () => {
  const int16 = parseNifti(smallNifti({ datatype: 'int16' }), 'int16.nii');

  it('rounds and clamps for integer datatypes', () => {
    expect(storedValueFor(int16, 12.4)).toBe(12);
    expect(storedValueFor(int16, 12.6)).toBe(13);
    expect(storedValueFor(int16, 1e6)).toBe(32767);
    expect(storedValueFor(int16, -1e6)).toBe(-32768);
  });

  it('inverts the scaling', () => {
    const scaled = parseNifti(smallNifti({ datatype: 'int16', sclSlope: 0.5, sclInter: 100 }), 'scaled.nii');
    expect(storedValueFor(scaled, 0)).toBe(-200);
    expect(storedValueFor(scaled, 110)).toBe(20);
  });

  it('keeps fractions for float datatypes, rounded to float32 where stored as float32', () => {
    const float32 = parseNifti(smallNifti({ datatype: 'float32', sclSlope: 3 }), 'f32.nii');
    expect(storedValueFor(float32, 1)).toBe(Math.fround(1 / 3));
    const float64 = parseNifti(smallNifti({ datatype: 'float64' }), 'f64.nii');
    expect(storedValueFor(float64, 0.1)).toBe(0.1);
  });

  it('refuses a non-finite intensity', () => {
    expect(thrown(() => storedValueFor(int16, Number.NaN)).message).toMatch(/int16\.nii: cannot store the intensity NaN/);
  });

  it('is 0 when 0 can be stored', () => {
    expect(backgroundStoredValue(int16)).toBe(0);
  });

  it('is the image minimum when the intercept puts 0 out of the datatype range', () => {
    const data = new Uint8Array(120).map((_, index) => 5 + (index % 50));
    const image = parseNifti(smallNifti({ datatype: 'uint8', sclInter: 100, data }), 'offset.nii');
    const fill = backgroundStoredValue(image);
    expect(fill).toBe(5);
    expect(fill * image.sclSlope + image.sclInter).toBe(105);
  });
});

describe('orientation: sform, then qform, then pixdim', () => {
  const oblique = (() => {
    const angle = (20 * Math.PI) / 180;
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    // Voxel sizes 2, 3, 4; rotated 20° about x; an improper (left-handed) grid so qfac is -1.
    return [
      [-2, 0, 0, 10],
      [0, 3 * c, -4 * s, -20],
      [0, 3 * s, 4 * c, 30],
      [0, 0, 0, 1],
    ];
  })();
  const obliqueNifti = (options: { sformCode: number; qformCode: number; version?: 1 | 2 }) =>
    encodeNifti({ dims: [4, 5, 6], voxelSize: [2, 3, 4], affine: oblique, datatype: 'uint8', data: new Uint8Array(120) }, options);

  it('prefers the sform when sform_code > 0, even if the qform differs', () => {
    const bytes = patched(obliqueNifti({ sformCode: 1, qformCode: 2 }), (view) => view.setFloat32(NIFTI1.srow + 12, 99, true));
    const image = parseNifti(bytes, 'both.nii');
    expect(image.affineSource).toBe('sform');
    expectAffineClose(image.affine, [...oblique.flat().slice(0, 3), 99, ...oblique.flat().slice(4)]);
  });

  it.each([1, 2] as const)('uses the quaternion (with qfac) when only the qform is set (NIfTI-%i)', (version) => {
    const image = parseNifti(obliqueNifti({ sformCode: 0, qformCode: 1, version }), 'qform.nii');
    expect(image.affineSource).toBe('qform');
    expect(image.warnings).toEqual([]);
    expectAffineClose(image.affine, oblique.flat());
  });

  it('agrees with nifti-reader-js on a qform-only affine with qfac = -1', () => {
    // Not `oblique`: its rotation is 180° (quaternion a ≈ 0), where nifti-reader-js lacks nifti1_io's
    // renormalisation and is off by 2e-4; the 180° case is checked against the true affine below.
    const angle = (20 * Math.PI) / 180;
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    const affine = [
      [2, 0, 0, 10],
      [0, 3 * c, 4 * s, -20],
      [0, 3 * s, -4 * c, 30],
      [0, 0, 0, 1],
    ];
    const bytes = encodeNifti(
      { dims: [4, 5, 6], voxelSize: [2, 3, 4], affine, datatype: 'uint8', data: new Uint8Array(120) },
      { sformCode: 0, qformCode: 1 },
    );
    expectAffineClose(parseNifti(bytes, 'qform.nii').affine, affine.flat());
    const reference = referenceHeader(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expectAffineClose(parseNifti(bytes, 'qform.nii').affine, reference.affine.flat());
  });

  it('handles a 180° rotation quaternion (a = 0)', () => {
    const rotated = [
      [-1, 0, 0, 5],
      [0, -1, 0, 6],
      [0, 0, 1, 7],
      [0, 0, 0, 1],
    ];
    const bytes = encodeNifti(
      { dims: [4, 5, 6], voxelSize: [1, 1, 1], affine: rotated, datatype: 'uint8', data: new Uint8Array(120) },
      { sformCode: 0, qformCode: 1 },
    );
    expectAffineClose(parseNifti(bytes, 'flip.nii').affine, rotated.flat());
  });

  it('falls back to the qform when the sform is unusable', () => {
    const bytes = patched(obliqueNifti({ sformCode: 1, qformCode: 1 }), (view) => {
      for (let n = 0; n < 12; n++) view.setFloat32(NIFTI1.srow + 4 * n, 0, true);
    });
    const image = parseNifti(bytes, 'zero-sform.nii');
    expect(image.affineSource).toBe('qform');
    expect(image.warnings).toEqual([expect.stringMatching(/zero-sform\.nii: The sform is unusable/)]);
    expectAffineClose(image.affine, oblique.flat());
  });

  it('uses the voxel sizes alone (method 1) when neither code is set, with a warning', () => {
    const image = parseNifti(obliqueNifti({ sformCode: 0, qformCode: 0 }), 'analyze-like.nii');
    expect(image.affineSource).toBe('pixdim');
    expectAffineClose(image.affine, [2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1]);
    expect(image.warnings).toEqual([expect.stringMatching(/orientation is unknown/)]);
  });

  it('takes 1 mm for a zero voxel size, as nifti1_io does', () => {
    const bytes = patched(obliqueNifti({ sformCode: 0, qformCode: 0 }), (view) => view.setFloat32(NIFTI1.pixdim + 8, 0, true));
    const image = parseNifti(bytes, 'zero-pixdim.nii');
    expect(image.affine[5]).toBe(1);
    expect(image.warnings).toContain('zero-pixdim.nii: pixdim[2] = 0 is not a voxel size; 1 mm was used.');
  });
});

describe('header extensions', () => {
  const comment = Buffer.from('acquired 2024; not identifying');
  const xml = Buffer.from('<AFNI_attributes ni_form="ni_group"/>');
  const withExtensions = (options: { version?: 1 | 2; littleEndian?: boolean } = {}) =>
    smallNifti({ ...options, extensions: [{ code: 6, data: comment }, { code: 4, data: xml }] });

  it.each([
    [1, true],
    [2, false],
  ] as const)('lists them and keeps them verbatim (NIfTI-%i, little-endian %s)', (version, littleEndian) => {
    const bytes = withExtensions({ version, littleEndian });
    const image = parseNifti(bytes, 'ext.nii');
    expect(image.extensions.map((extension) => extension.code)).toEqual([6, 4]);
    // esize is padded to a multiple of 16: the payload is the text, then zeros.
    expect(Buffer.from(image.extensions[0].data.subarray(0, comment.length)).equals(comment)).toBe(true);
    expect(image.extensions[0].data.subarray(comment.length).every((byte) => byte === 0)).toBe(true);
    expect(Buffer.from(image.extensions[1].data.subarray(0, xml.length)).equals(xml)).toBe(true);
    expect(Buffer.from(encodeNiftiBytes(image, image.stored)).equals(bytes)).toBe(true);
  });

  it('keeps a malformed extension chain in the header bytes and warns', () => {
    const bytes = patched(withExtensions(), (view) => view.setInt32(352, 100000, true));
    const image = parseNifti(bytes, 'bad-ext.nii');
    expect(image.extensions).toEqual([]);
    expect(image.warnings).toEqual([expect.stringMatching(/bad-ext\.nii: The header extension at byte 352 has an invalid size \(100000\)/)]);
    expect(Buffer.from(encodeNiftiBytes(image, image.stored)).equals(bytes)).toBe(true);
  });
});

describe('writing', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    tmp = await makeTempDir('veil-nifti-');
  });
  afterEach(() => tmp.remove());

  const variants = [1, 2].flatMap((version) =>
    [true, false].flatMap((littleEndian) => [true, false].map((gzip) => ({ version: version as 1 | 2, littleEndian, gzip }))),
  );

  it.each(variants)('round-trips byte for byte: %o, to .nii and .nii.gz', async (options) => {
    const input = path.join(tmp.path, options.gzip ? 'in.nii.gz' : 'in.nii');
    const original = smallNifti({ ...options, datatype: 'float32', extensions: [{ code: 6, data: Buffer.from('note') }] });
    await writeFile(input, original);
    const image = await readNifti(input);
    for (const output of ['out.nii', 'out.nii.gz']) {
      const outputPath = path.join(tmp.path, output);
      await writeNiftiAtomic(outputPath, image, image.stored);
      const written = await readFile(outputPath);
      expect(written[0] === 0x1f && written[1] === 0x8b, `${output} compressed`).toBe(output.endsWith('.gz'));
      expect(decompressed(written).equals(decompressed(original)), output).toBe(true);
    }
    expect((await readdir(tmp.path)).sort()).toEqual(['in.nii' + (options.gzip ? '.gz' : ''), 'out.nii', 'out.nii.gz'].sort());
  });

  it('writes gzip deterministically: no file name, mtime 0, same bytes every time', async () => {
    const image = parseNifti(smallNifti(), 'small.nii');
    const [first, second] = [path.join(tmp.path, 'a.nii.gz'), path.join(tmp.path, 'b.nii.gz')];
    await writeNiftiAtomic(first, image, image.stored);
    await writeNiftiAtomic(second, image, image.stored);
    const bytes = await readFile(first);
    expect(bytes.equals(await readFile(second))).toBe(true);
    expect(bytes[3] & 0x08).toBe(0); // FNAME flag
    expect(bytes.readUInt32LE(4)).toBe(0); // MTIME
  });

  it('changes only the voxels: removed voxels read back as 0, the header stays identical', async () => {
    const original = smallNifti({ datatype: 'int16', sclSlope: 2, sclInter: 6, littleEndian: false });
    const image = parseNifti(original, 'in.nii');
    const stored = image.stored.slice();
    const fill = backgroundStoredValue(image);
    for (const index of [0, 7, 119]) stored[index] = fill;
    const output = path.join(tmp.path, 'defaced.nii.gz');
    await writeNiftiAtomic(output, image, stored);
    const reread = await readNifti(output);
    const volume = toVolume(reread);
    const before = toVolume(image);
    expect([volume.data[0], volume.data[7], volume.data[119]]).toEqual([0, 0, 0]);
    for (let index = 1; index < 119; index++) if (index !== 7) expect(volume.data[index]).toBe(before.data[index]);
    expect(Buffer.from(reread.prefix).equals(Buffer.from(image.prefix))).toBe(true);
    expect(reread.littleEndian).toBe(false);
  });

  it.each([false, true])('edits the copy it writes, not the image (little-endian %s)', async (littleEndian) => {
    for (const datatype of DATATYPES) {
      const image = parseNifti(smallNifti({ datatype, littleEndian }), `${datatype}.nii`);
      const before = Array.from(image.stored);
      const output = path.join(tmp.path, `edited-${datatype}.nii`);
      await writeNiftiAtomic(output, image, image.stored, (voxels) => voxels.fill(7, 10, 20));
      expect(Array.from(image.stored)).toEqual(before);
      const expected = before.map((value, index) => (index >= 10 && index < 20 ? 7 : value));
      expect(Array.from((await readNifti(output)).stored), datatype).toEqual(expected);
    }
  });

  it('drops data after the voxels and junk after the gzip stream from outputs', async () => {
    const original = smallNifti();
    const image = parseNifti(Buffer.concat([original, Buffer.from('trailing bytes')]), 'extra.nii');
    expect(image.warnings).toEqual(['extra.nii: 14 bytes after the image data were ignored; outputs will not contain them.']);
    const output = path.join(tmp.path, 'clean.nii');
    await writeNiftiAtomic(output, image, image.stored);
    expect((await readFile(output)).equals(original)).toBe(true);
  });

  it('refuses an output name that is neither .nii nor .nii.gz', async () => {
    const image = parseNifti(smallNifti(), 'small.nii');
    const output = path.join(tmp.path, 'out.img');
    await expect(writeNiftiAtomic(output, image, image.stored)).rejects.toThrow(`${output}: an output name must end in .nii or .nii.gz.`);
    expect(await readdir(tmp.path)).toEqual([]);
  });

  it('refuses voxels of the wrong class or count before touching the disk', async () => {
    const image = parseNifti(smallNifti({ datatype: 'int16' }), 'small.nii');
    const output = path.join(tmp.path, 'out.nii');
    await writeFile(output, 'previous result');
    await expect(writeNiftiAtomic(output, image, new Float32Array(120))).rejects.toThrow(/Float32Array of 120 values; the image needs 120 int16/);
    await expect(writeNiftiAtomic(output, image, new Int16Array(3))).rejects.toThrow(/Int16Array of 3 values/);
    expect(await readFile(output, 'utf8')).toBe('previous result');
    expect(await readdir(tmp.path)).toEqual(['out.nii']);
  });

  it('leaves no temporary or partial file when the final rename fails', async () => {
    const image = parseNifti(smallNifti(), 'small.nii');
    // A folder where the output should go: the temporary file is written, then rename fails.
    const output = path.join(tmp.path, 'taken.nii.gz');
    await mkdir(path.join(output, 'inside'), { recursive: true });
    const error = await writeNiftiAtomic(output, image, image.stored).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VeilError);
    expect((error as VeilError).message).toContain(`Cannot write ${output}`);
    expect(await readdir(tmp.path)).toEqual(['taken.nii.gz']);
    expect(await readdir(output)).toEqual(['inside']);
  });

  it('reports a missing output folder as NOT_FOUND and creates nothing', async () => {
    const image = parseNifti(smallNifti(), 'small.nii');
    const output = path.join(tmp.path, 'missing', 'out.nii');
    const error = (await writeNiftiAtomic(output, image, image.stored).catch((caught: unknown) => caught)) as VeilError;
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(`Cannot write ${output}: no such file or folder.`);
    expect(await readdir(tmp.path)).toEqual([]);
  });

  it('replaces an existing output in one step', async () => {
    const image = parseNifti(smallNifti(), 'small.nii');
    const output = path.join(tmp.path, 'out.nii');
    await writeFile(output, 'old');
    await writeNiftiAtomic(output, image, image.stored);
    expect((await readFile(output)).equals(smallNifti())).toBe(true);
    expect(await readdir(tmp.path)).toEqual(['out.nii']);
  });
});

describe('readNifti file errors', () => {
  it('names a missing file', async () => {
    const error = (await readNifti('/nonexistent/veil/scan.nii.gz').catch((caught: unknown) => caught)) as VeilError;
    expect(error).toBeInstanceOf(VeilError);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Cannot read /nonexistent/veil/scan.nii.gz: no such file or folder.');
  });

  it('refuses a folder', async () => {
    const tmp = await makeTempDir('veil-nifti-');
    try {
      await expect(readNifti(tmp.path)).rejects.toThrow(`${tmp.path}: not a file.`);
    } finally {
      await tmp.remove();
    }
  });
});
