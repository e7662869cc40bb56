/**
 * The NIfTI voxel datatypes Veil reads and writes: one scalar per voxel, 8 to 64 bits. Everything
 * else (RGB, complex, 64-bit integers, float128, binary) is refused by name, never guessed at.
 */
import type { VoxelArray } from '../volume/volume.js';

/** Name of a supported voxel datatype. */
export type NiftiDatatype = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

/** Stored voxel values, in the typed array class of their datatype, in the machine's byte order. */
export type StoredArray = VoxelArray;

type StoredArrayClass = new (buffer: ArrayBuffer, byteOffset: number, length: number) => StoredArray;

export interface DatatypeSpec {
  name: NiftiDatatype;
  /** The NIfTI `datatype` header code. */
  code: number;
  bytesPerVoxel: number;
  /** Smallest and largest storable value; for floats the finite range. */
  min: number;
  max: number;
  integer: boolean;
  arrayClass: StoredArrayClass;
}

const FLOAT32_MAX = 3.4028234663852886e38;

const SPECS: Readonly<Record<NiftiDatatype, DatatypeSpec>> = {
  uint8: { name: 'uint8', code: 2, bytesPerVoxel: 1, min: 0, max: 255, integer: true, arrayClass: Uint8Array },
  int8: { name: 'int8', code: 256, bytesPerVoxel: 1, min: -128, max: 127, integer: true, arrayClass: Int8Array },
  int16: { name: 'int16', code: 4, bytesPerVoxel: 2, min: -32768, max: 32767, integer: true, arrayClass: Int16Array },
  uint16: { name: 'uint16', code: 512, bytesPerVoxel: 2, min: 0, max: 65535, integer: true, arrayClass: Uint16Array },
  int32: { name: 'int32', code: 8, bytesPerVoxel: 4, min: -2147483648, max: 2147483647, integer: true, arrayClass: Int32Array },
  uint32: { name: 'uint32', code: 768, bytesPerVoxel: 4, min: 0, max: 4294967295, integer: true, arrayClass: Uint32Array },
  float32: { name: 'float32', code: 16, bytesPerVoxel: 4, min: -FLOAT32_MAX, max: FLOAT32_MAX, integer: false, arrayClass: Float32Array },
  float64: { name: 'float64', code: 64, bytesPerVoxel: 8, min: -Number.MAX_VALUE, max: Number.MAX_VALUE, integer: false, arrayClass: Float64Array },
};

const SPEC_BY_CODE: ReadonlyMap<number, DatatypeSpec> = new Map(Object.values(SPECS).map((spec) => [spec.code, spec]));

/** Names of the datatypes the NIfTI standard defines but Veil does not read, for error messages. */
const UNSUPPORTED_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'unknown'],
  [1, 'binary'],
  [32, 'complex64'],
  [128, 'RGB24'],
  [1024, 'int64'],
  [1280, 'uint64'],
  [1536, 'float128'],
  [1792, 'complex128'],
  [2048, 'complex256'],
  [2304, 'RGBA32'],
]);

/**
 * The spec of a datatype header code, or undefined when Veil does not support it.
 *
 * @example
 * datatypeSpecOfCode(4)?.name; // 'int16'
 * datatypeSpecOfCode(128);     // undefined (RGB24)
 */
export function datatypeSpecOfCode(code: number): DatatypeSpec | undefined {
  return SPEC_BY_CODE.get(code);
}

/**
 * The spec of a supported datatype.
 *
 * @example
 * datatypeSpec('uint8').max; // 255
 */
export function datatypeSpec(name: NiftiDatatype): DatatypeSpec {
  return SPECS[name];
}

/**
 * A readable label of a datatype code Veil refuses.
 *
 * @example
 * unsupportedDatatypeLabel(128); // 'RGB24 (128)'
 */
export function unsupportedDatatypeLabel(code: number): string {
  const name = UNSUPPORTED_NAMES.get(code);
  return name === undefined ? `code ${code}` : `${name} (${code})`;
}
