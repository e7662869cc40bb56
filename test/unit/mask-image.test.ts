import { describe, expect, it } from 'vitest';
import { encodeNiftiBytes, parseNifti } from '../../src/nifti/index.js';
import { maskImageLike } from '../../src/nifti/mask-image.js';
import { SMALL_DIMS, smallNifti } from '../fixtures/nifti-bad-inputs.js';

describe('mask images on the grid of an input', () => {
  it.each([
    { version: 1 as const, littleEndian: true },
    { version: 1 as const, littleEndian: false },
    { version: 2 as const, littleEndian: true },
    { version: 2 as const, littleEndian: false },
  ])('keep the geometry, become uint8, and drop extensions and descrip (NIfTI-$version, littleEndian $littleEndian)', ({ version, littleEndian }) => {
    const input = parseNifti(
      smallNifti({ datatype: 'float32', version, littleEndian, descrip: 'TE=2.4;Time=120517.042', extensions: [{ code: 6, data: new Uint8Array(20).fill(65) }] }),
      'input.nii',
    );
    expect(input.extensions).toHaveLength(1);
    const mask = new Uint8Array(SMALL_DIMS[0] * SMALL_DIMS[1] * SMALL_DIMS[2]).map((_, index) => index % 2);
    const [image, stored] = maskImageLike(input, mask);
    const reread = parseNifti(encodeNiftiBytes(image, stored), 'mask.nii');
    expect(reread.datatype).toBe('uint8');
    expect(reread.dims).toEqual(input.dims);
    expect(Array.from(reread.affine)).toEqual(Array.from(input.affine));
    expect(reread.affineSource).toBe(input.affineSource);
    expect([reread.sclSlope, reread.sclInter]).toEqual([1, 0]);
    expect(reread.extensions).toEqual([]);
    expect(reread.descrip).toBe('');
    expect(Array.from(reread.stored)).toEqual(Array.from(mask));
    expect(reread.version).toBe(version);
    expect(reread.littleEndian).toBe(littleEndian);
  });
});
