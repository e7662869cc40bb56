import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { VeilError } from '../../src/api/result.js';
import { gunzipMembers } from '../../src/nifti/gzip.js';
import { encodeNiftiBytes, parseNifti, toVolume } from '../../src/nifti/index.js';
import { gzipWithTrailingJunk, multiMemberGzip, NIFTI1, patched, smallNifti, smallValues } from '../fixtures/nifti-bad-inputs.js';

/** The VeilError `parseNifti(bytes, name)` throws. */
function parseError(bytes: Uint8Array, name = 'scan.nii.gz'): VeilError {
  try {
    parseNifti(bytes, name);
  } catch (error) {
    expect(error).toBeInstanceOf(VeilError);
    return error as VeilError;
  }
  throw new Error('parseNifti accepted the file');
}

const setDim = (bytes: Uint8Array, values: number[]) =>
  patched(bytes, (view) => values.forEach((value, n) => view.setInt16(NIFTI1.dim + 2 * n, value, true)));

describe('damaged gzip', () => {
  const gz = smallNifti({ gzip: true });

  it.each([
    ['in the deflate data', gz.length - 40],
    ['in the CRC/size trailer', gz.length - 4],
    ['in the gzip header', 6],
  ])('refuses a gzip file cut %s', (_where, length) => {
    const error = parseError(gz.subarray(0, length));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('scan.nii.gz: truncated gzip file: the compressed data ends early (incomplete download or copy?).');
  });

  it('refuses a checksum mismatch', () => {
    const damaged = patched(gz, (view) => view.setUint32(gz.length - 8, view.getUint32(gz.length - 8, true) ^ 1, true));
    expect(parseError(damaged).message).toMatch(/^scan\.nii\.gz: corrupt gzip data \(checksum mismatch\)/);
  });

  it('refuses corrupt deflate data', () => {
    const damaged = patched(gz, (_view, bytes) => bytes.fill(0xff, 10, 30));
    expect(parseError(damaged).message).toMatch(/^scan\.nii\.gz: corrupt gzip data/);
  });

  it('stops decompressing at the size limit (a gzip bomb)', () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000));
    expect(() => gunzipMembers(bomb, 'bomb.nii.gz', 100_000)).toThrow(
      'bomb.nii.gz: the gzip data decompresses to more than 100000 bytes, larger than any image Veil can hold.',
    );
    expect(() => gunzipMembers(multiMemberGzip(Buffer.alloc(1000), 4), 'bomb.nii.gz', 500)).toThrow(/more than 500 bytes/);
  });

  it('reads the gzip stream and warns about junk after it', () => {
    const image = parseNifti(gzipWithTrailingJunk(smallNifti()), 'junk.nii.gz');
    expect(image.warnings).toEqual(['junk.nii.gz: 21 bytes of non-gzip data after the end of the compressed image were ignored.']);
    expect(Array.from(image.stored)).toEqual(Array.from(smallValues('int16')));
    expect(Buffer.from(encodeNiftiBytes(image, image.stored)).equals(smallNifti())).toBe(true);
  });

  it('ignores zero padding after the gzip stream silently', () => {
    const image = parseNifti(Buffer.concat([gz, Buffer.alloc(512)]), 'padded.nii.gz');
    expect(image.warnings).toEqual([]);
  });

  it('reads every member of a multi-member gzip (pigz, bgzip)', () => {
    const raw = smallNifti({ datatype: 'float64' });
    const image = parseNifti(multiMemberGzip(raw, 5), 'members.nii.gz');
    expect(image.warnings).toEqual([]);
    expect(image.gzipped).toBe(true);
    expect(Buffer.from(encodeNiftiBytes(image, image.stored)).equals(raw)).toBe(true);
  });
});

describe('not NIfTI', () => {
  it('refuses a file whose first field is not a NIfTI header size', () => {
    const error = parseError(Buffer.from('<html>not an image</html>'), 'page.nii');
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^page\.nii: not a NIfTI file: wrong header size field \d+/);
  });

  it('refuses a tiny file', () => {
    expect(parseError(Buffer.from([1, 2]), 'tiny.nii').message).toBe('tiny.nii: not a NIfTI file: only 2 bytes long.');
  });

  it('refuses a wrong magic (ANALYZE 7.5 has none)', () => {
    const bytes = patched(smallNifti(), (_view, buffer) => buffer.fill(0, NIFTI1.magic, NIFTI1.magic + 4));
    expect(parseError(bytes, 'analyze.nii').message).toBe(
      'analyze.nii: not a NIfTI file: wrong magic "\\x00\\x00\\x00\\x00" (expected "n+1"; an ANALYZE 7.5 file?).',
    );
  });

  it('refuses the header of a .hdr/.img pair as unsupported', () => {
    const bytes = patched(smallNifti(), (_view, buffer) => buffer.write('ni1\0', NIFTI1.magic, 'latin1'));
    const error = parseError(bytes, 'pair.hdr');
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/^pair\.hdr: this is the header of a \.hdr\/\.img pair/);
  });

  it('recognises a NIfTI-2 magic damaged by a text-mode transfer', () => {
    const bytes = patched(smallNifti({ version: 2 }), (_view, buffer) => buffer.write('\n\n', 8, 'latin1'));
    expect(parseError(bytes, 'ftp.nii').message).toMatch(/^ftp\.nii: damaged NIfTI-2 magic: the file was altered by a text-mode transfer/);
  });

  it('refuses a file too short for its header', () => {
    expect(parseError(smallNifti().subarray(0, 200), 'cut.nii').message).toBe(
      'cut.nii: file is too short to hold a NIfTI header (200 bytes, the header alone needs 348).',
    );
  });
});

describe('size and shape', () => {
  it.each([
    ['.nii', false],
    ['.nii.gz', true],
  ])('refuses voxel data shorter than the dims say (%s)', (extension, gzip) => {
    const raw = smallNifti().subarray(0, 352 + 200);
    const bytes = gzip ? gzipSync(raw) : raw;
    const error = parseError(bytes, `short${extension}`);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      `short${extension}: the file is too short: the header describes 4×5×6 int16 voxels (240 bytes from byte 352), ` +
        `but the ${gzip ? 'decompressed ' : ''}data ends after 552 bytes (truncated file?).`,
    );
  });

  it('refuses a header alone', () => {
    expect(parseError(smallNifti().subarray(0, 352), 'header-only.nii').message).toMatch(/data ends after 352 bytes/);
  });

  it('refuses absurd sizes from the header, before allocating anything', () => {
    // 30000³ int16 would be 54 TB; the file itself is 352 bytes.
    const bytes = setDim(smallNifti().subarray(0, 352), [3, 30000, 30000, 30000]);
    const started = performance.now();
    expect(parseError(bytes, 'huge.nii').message).toBe(
      "huge.nii: image too large: 30000×30000×30000 int16 is 54000000000000 bytes (Veil's limit is 2 GiB).",
    );
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('refuses a dimension above 65535 (NIfTI-2 can store it)', () => {
    const bytes = patched(smallNifti({ version: 2 }), (view) => view.setBigInt64(16 + 8 * 2, 70000n, true));
    expect(parseError(bytes, 'wide.nii').message).toBe('wide.nii: absurd image size: dim[2] = 70000 (more than 65535).');
  });

  it.each([0, 8, -3])('refuses dim[0] = %i', (rank) => {
    expect(parseError(setDim(smallNifti(), [rank]), 'rank.nii').message).toBe(
      `rank.nii: invalid header: dim[0] = ${rank}, but the number of dimensions must be 1 to 7 (damaged file?).`,
    );
  });

  it.each([0, -4])('refuses dim[2] = %i', (size) => {
    expect(parseError(setDim(smallNifti(), [3, 4, size, 6]), 'zero.nii').message).toBe(
      `zero.nii: invalid header: dim[2] = ${size}, but sizes must be at least 1.`,
    );
  });

  it('refuses a 2D image', () => {
    expect(parseError(setDim(smallNifti(), [2, 4, 5]), 'slice.nii').message).toBe('slice.nii: not a 3D image: it is 2D (4×5).');
  });

  it('refuses a single slice stored as 3D', () => {
    const bytes = smallNifti({ dims: [4, 5, 1] });
    expect(parseError(bytes, 'slice.nii').message).toBe('slice.nii: not a 3D image: 4×5×1 is a single slice.');
  });

  it('refuses a 4D series with several volumes', () => {
    const error = parseError(smallNifti({ dims: [4, 5, 6, 12] }), 'bold.nii.gz');
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('bold.nii.gz: not a T1 anatomical: 4D with 12 volumes.');
  });

  it('counts volumes over every extra dimension', () => {
    expect(parseError(setDim(smallNifti(), [5, 4, 5, 2, 1, 3]), 'five.nii').message).toBe(
      'five.nii: not a T1 anatomical: 5D with 3 volumes.',
    );
  });

  it('ignores dims beyond dim[0]', () => {
    const image = parseNifti(setDim(smallNifti(), [3, 4, 5, 6, 9, 9]), 'extra-dims.nii');
    expect(image.dims).toEqual([4, 5, 6]);
  });

  it.each([100, 352.5, Number.NaN])('refuses vox_offset %d', (offset) => {
    const bytes = patched(smallNifti(), (view) => view.setFloat32(NIFTI1.voxOffset, offset, true));
    expect(parseError(bytes, 'offset.nii').message).toBe(
      `offset.nii: invalid vox_offset ${offset}: the voxel data must start at a whole byte at or after the 348-byte header.`,
    );
  });
});

describe('datatypes Veil does not read', () => {
  it.each([
    [128, 'RGB24 (128)'],
    [2304, 'RGBA32 (2304)'],
    [32, 'complex64 (32)'],
    [1792, 'complex128 (1792)'],
    [1024, 'int64 (1024)'],
    [1280, 'uint64 (1280)'],
    [1536, 'float128 (1536)'],
    [1, 'binary (1)'],
    [0, 'unknown (0)'],
    [77, 'code 77'],
  ])('refuses datatype %i as unsupported', (code, label) => {
    const error = parseError(patched(smallNifti(), (view) => view.setInt16(NIFTI1.datatype, code, true)), 'colour.nii');
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toBe(
      `colour.nii: unsupported datatype ${label}: Veil reads scalar images (uint8, int8, int16, uint16, int32, uint32, float32, float64).`,
    );
  });

  it('trusts the datatype over a wrong bitpix, with a warning', () => {
    const image = parseNifti(patched(smallNifti(), (view) => view.setInt16(NIFTI1.bitpix, 8, true)), 'bitpix.nii');
    expect(image.warnings).toEqual(['bitpix.nii: bitpix is 8 but datatype int16 has 16 bits; the datatype was used.']);
  });
});

describe('NaN and infinite voxels', () => {
  it('reads them, warns with the count and gives the engine finite intensities', () => {
    const data = smallValues('float64');
    data.fill(Number.NaN, 10, 20);
    const image = parseNifti(smallNifti({ datatype: 'float64', data, gzip: true }), 'nan.nii.gz');
    expect(image.warnings).toEqual([
      'nan.nii.gz: 10 voxels are NaN or infinite; they are read as 0 (or as the image minimum when 0 is outside the intensity range).',
    ]);
    expect(toVolume(image).data.every(Number.isFinite)).toBe(true);
  });
});

describe('never a crash', () => {
  const sources = [
    ['.nii', smallNifti({ extensions: [{ code: 6, data: Buffer.from('note') }] })],
    ['.nii.gz', smallNifti({ gzip: true })],
    ['NIfTI-2 big-endian', smallNifti({ version: 2, littleEndian: false })],
  ] as const;

  it.each(sources)('every truncation of a %s file is read or refused with a VeilError', (_label, bytes) => {
    for (let length = 0; length < bytes.length; length++) {
      try {
        parseNifti(bytes.subarray(0, length), 'cut.nii');
      } catch (error) {
        expect(error, `length ${length}`).toBeInstanceOf(VeilError);
      }
    }
  });

  it.each(sources)('every single-byte change in the first 600 bytes of a %s file is read or refused with a VeilError', (_label, bytes) => {
    for (let offset = 0; offset < Math.min(600, bytes.length); offset++) {
      for (const value of [0x00, 0x7f, 0xff]) {
        const damaged = patched(bytes, (view) => view.setUint8(offset, value));
        try {
          const image = parseNifti(damaged, 'flipped.nii');
          expect(toVolume(image).data.every(Number.isFinite), `byte ${offset} = ${value}`).toBe(true);
        } catch (error) {
          expect(error, `byte ${offset} = ${value}`).toBeInstanceOf(VeilError);
        }
      }
    }
  });
});
