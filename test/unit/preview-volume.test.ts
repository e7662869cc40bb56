/**
 * The Compare view's first-frame copy: a ~2 mm Float32 `.nii` on the same world box, with the
 * original's display window and nothing that could identify someone from the header.
 */
import { describe, expect, it } from 'vitest';
import { parseNifti } from '../../src/nifti/index.js';
import { readHeader } from '../../src/nifti/header.js';
import { previewVolumeBytes } from '../../src/volumes/preview-volume.js';
import { encodeNifti, type NiftiVolume } from '../fixtures/nifti-encode.js';

/** A 1 mm 4×4×4 int16 image, scaled ×2, rotated 90° in-plane, with a descrip and an extension. */
function fineImage(): NiftiVolume {
  return {
    dims: [4, 4, 4],
    voxelSize: [1, 1, 1],
    // i runs along −y, j along +x: a rotation the preview must keep.
    affine: [
      [0, 1, 0, -10],
      [-1, 0, 0, 20],
      [0, 0, 1, 30],
      [0, 0, 0, 1],
    ],
    datatype: 'int16',
    data: Int16Array.from({ length: 64 }, (_, n) => n),
    sclSlope: 2,
    descrip: 'Patient: Jane Doe',
  };
}

/** The encoded image with cal_min/cal_max written in (the fixture encoder leaves them 0). */
function withWindow(bytes: Buffer, calMin: number, calMax: number): Buffer {
  bytes.writeFloatLE(calMax, 124);
  bytes.writeFloatLE(calMin, 128);
  return bytes;
}

describe('previewVolumeBytes', () => {
  const original = parseNifti(withWindow(encodeNifti(fineImage(), { extensions: [{ code: 6, data: Buffer.from('scanned 2026-01-02') }] }), 10, 90), 'fine.nii');
  const previewBytes = previewVolumeBytes(original);
  const preview = parseNifti(previewBytes, 'preview.nii');

  it('averages 2×2×2 blocks of intensities (scaling applied) into Float32 voxels', () => {
    expect(preview.dims).toEqual([2, 2, 2]);
    expect(preview.datatype).toBe('float32');
    expect([preview.sclSlope, preview.sclInter]).toEqual([1, 0]);
    // Block (0,0,0) holds stored values 0,1,4,5,16,17,20,21 (mean 10.5), ×2 for the scaling.
    expect(Array.from(preview.stored)).toEqual([21, 25, 37, 41, 85, 89, 101, 105]);
  });

  it('places each coarse voxel at the centre of its block, so the world box is unchanged', () => {
    // Fine voxels (0.5, 0.5, 0.5) → world (−10 + 0.5, 20 − 0.5, 30.5); the axes keep their rotation, ×2.
    expect(Array.from(preview.affine)).toEqual([0, 2, 0, -9.5, -2, 0, 0, 19.5, 0, 0, 2, 30.5, 0, 0, 0, 1]);
    expect(preview.pixdim).toEqual([2, 2, 2]);
  });

  it('keeps the original’s display window and drops its descrip and extensions', () => {
    const header = readHeader(previewBytes, 'preview.nii');
    expect([header.calMin, header.calMax]).toEqual([10, 90]);
    expect(preview.descrip).toBe('');
    expect(preview.extensions).toEqual([]);
    expect(Buffer.from(previewBytes).includes('Jane')).toBe(false);
  });

  it('keeps the grid of an image already as coarse as the preview', () => {
    const coarse = parseNifti(encodeNifti({ ...fineImage(), voxelSize: [3, 3, 3], affine: [[3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0], [0, 0, 0, 1]] }), 'coarse.nii');
    const same = parseNifti(previewVolumeBytes(coarse), 'same.nii');
    expect(same.dims).toEqual([4, 4, 4]);
    expect(Array.from(same.stored)).toEqual(Array.from(coarse.stored, (value) => value * 2));
  });
});
