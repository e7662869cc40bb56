/**
 * The NIfTI-1 and NIfTI-2 header fields Veil needs, read with a DataView at the offsets of the
 * standard (nifti1.h, nifti2.h) in the file's own byte order. Only layout lives here: which
 * values are acceptable is decided in validate.ts.
 */
import { badNifti, unsupportedNifti } from './errors.js';

export const NIFTI1_HEADER_BYTES = 348;
export const NIFTI2_HEADER_BYTES = 540;

/** The raw header fields, as numbers (NIfTI-2 64-bit integers converted; absurd values stay absurd). */
export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  headerBytes: number;
  /** dim[0] (number of dimensions) and dim[1..7]. */
  dim: number[];
  datatypeCode: number;
  bitpix: number;
  /** pixdim[0] (qfac) and pixdim[1..7]. */
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  /** cal_min and cal_max: the display window the file suggests (both 0 when it suggests none). */
  calMin: number;
  calMax: number;
  descrip: string;
  qformCode: number;
  sformCode: number;
  /** quatern_b, quatern_c, quatern_d. */
  quatern: [number, number, number];
  /** qoffset_x, qoffset_y, qoffset_z. */
  qoffset: [number, number, number];
  /** srow_x, srow_y, srow_z: the first three rows of the sform, row-major. */
  srow: number[];
}

const NIFTI2_MAGIC = [0x6e, 0x2b, 0x32, 0x00, 0x0d, 0x0a, 0x1a, 0x0a]; // "n+2\0\r\n\032\n"

/**
 * Reads the header at the start of (decompressed) `bytes`, detecting version and byte order from
 * sizeof_hdr and checking the magic. Throws a VeilError naming `name` when it is not NIfTI.
 *
 * @example
 * const header = readHeader(data, 'scan.nii'); // header.version, header.dim, header.sformCode, …
 */
export function readHeader(bytes: Uint8Array, name: string): NiftiHeader {
  if (bytes.length < 4) throw badNifti(name, `not a NIfTI file: only ${bytes.length} bytes long.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { headerBytes, littleEndian } = detectHeaderSize(view, name);
  if (bytes.length < headerBytes) {
    throw badNifti(name, `file is too short to hold a NIfTI header (${bytes.length} bytes, the header alone needs ${headerBytes}).`);
  }
  return headerBytes === NIFTI1_HEADER_BYTES ? readNifti1(bytes, view, littleEndian, name) : readNifti2(bytes, view, littleEndian, name);
}

function detectHeaderSize(view: DataView, name: string): { headerBytes: number; littleEndian: boolean } {
  for (const littleEndian of [true, false]) {
    const size = view.getInt32(0, littleEndian);
    if (size === NIFTI1_HEADER_BYTES || size === NIFTI2_HEADER_BYTES) return { headerBytes: size, littleEndian };
  }
  throw badNifti(name, `not a NIfTI file: wrong header size field ${view.getInt32(0, true)} (a NIfTI header starts with 348 or 540).`);
}

function readNifti1(bytes: Uint8Array, view: DataView, littleEndian: boolean, name: string): NiftiHeader {
  const magic = bytes.subarray(344, 348);
  if (matches(magic, [0x6e, 0x69, 0x31, 0x00])) {
    throw unsupportedNifti(name, 'this is the header of a .hdr/.img pair (magic "ni1"); Veil reads single-file .nii or .nii.gz images.');
  }
  if (!matches(magic, [0x6e, 0x2b, 0x31, 0x00])) {
    throw badNifti(name, `not a NIfTI file: wrong magic ${describeMagic(magic)} (expected "n+1"; an ANALYZE 7.5 file?).`);
  }
  const int16 = (offset: number) => view.getInt16(offset, littleEndian);
  const float32 = (offset: number) => view.getFloat32(offset, littleEndian);
  return {
    version: 1,
    littleEndian,
    headerBytes: NIFTI1_HEADER_BYTES,
    dim: Array.from({ length: 8 }, (_, n) => int16(40 + 2 * n)),
    datatypeCode: int16(70),
    bitpix: int16(72),
    pixdim: Array.from({ length: 8 }, (_, n) => float32(76 + 4 * n)),
    voxOffset: float32(108),
    sclSlope: float32(112),
    sclInter: float32(116),
    calMin: float32(128),
    calMax: float32(124),
    descrip: readString(bytes, 148, 80),
    qformCode: int16(252),
    sformCode: int16(254),
    quatern: [float32(256), float32(260), float32(264)],
    qoffset: [float32(268), float32(272), float32(276)],
    srow: Array.from({ length: 12 }, (_, n) => float32(280 + 4 * n)),
  };
}

function readNifti2(bytes: Uint8Array, view: DataView, littleEndian: boolean, name: string): NiftiHeader {
  const magic = bytes.subarray(4, 12);
  if (!matches(magic, NIFTI2_MAGIC)) {
    const damaged = matches(magic.subarray(0, 3), NIFTI2_MAGIC.slice(0, 3));
    throw badNifti(
      name,
      damaged
        ? 'damaged NIfTI-2 magic: the file was altered by a text-mode transfer (line endings converted).'
        : `not a NIfTI file: wrong magic ${describeMagic(magic)} (expected "n+2").`,
    );
  }
  const int64 = (offset: number) => Number(view.getBigInt64(offset, littleEndian));
  const float64 = (offset: number) => view.getFloat64(offset, littleEndian);
  return {
    version: 2,
    littleEndian,
    headerBytes: NIFTI2_HEADER_BYTES,
    dim: Array.from({ length: 8 }, (_, n) => int64(16 + 8 * n)),
    datatypeCode: view.getInt16(12, littleEndian),
    bitpix: view.getInt16(14, littleEndian),
    pixdim: Array.from({ length: 8 }, (_, n) => float64(104 + 8 * n)),
    voxOffset: int64(168),
    sclSlope: float64(176),
    sclInter: float64(184),
    calMin: float64(200),
    calMax: float64(192),
    descrip: readString(bytes, 240, 80),
    qformCode: view.getInt32(344, littleEndian),
    sformCode: view.getInt32(348, littleEndian),
    quatern: [float64(352), float64(360), float64(368)],
    qoffset: [float64(376), float64(384), float64(392)],
    srow: Array.from({ length: 12 }, (_, n) => float64(400 + 8 * n)),
  };
}

function matches(bytes: Uint8Array, expected: readonly number[]): boolean {
  return bytes.length === expected.length && expected.every((byte, n) => bytes[n] === byte);
}

/** The magic as a quoted string with non-printable bytes escaped, e.g. `"ni1\x00"`. */
function describeMagic(magic: Uint8Array): string {
  const text = Array.from(magic, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`));
  return `"${text.join('')}"`;
}

/** A NUL-terminated text field (descrip is ASCII in practice; UTF-8 decoding keeps ASCII as is). */
function readString(bytes: Uint8Array, offset: number, length: number): string {
  const field = bytes.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
}
