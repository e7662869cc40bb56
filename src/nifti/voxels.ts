/**
 * Voxel bytes ↔ typed arrays. The bytes are viewed through the datatype's typed array (copied
 * first when they are not Veil's to keep, or not aligned for the datatype); only a file in the
 * other byte order than the machine's gets a byte-swap pass. No per-voxel DataView calls.
 */
import type { DatatypeSpec, StoredArray } from './datatypes.js';

/** True on little-endian machines (all x86 and almost all ARM). */
const MACHINE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The stored values in `bytes` (a file's voxel data), in the machine's byte order. With `owned`
 * (bytes nobody else holds, e.g. just decompressed) they are used in place when aligned: no copy
 * of the image, which is half the memory of reading a .nii.gz. Otherwise they are copied.
 *
 * @example
 * const stored = decodeVoxels(data.subarray(voxOffset, end), datatypeSpec('int16'), false, true); // Int16Array
 */
export function decodeVoxels(bytes: Uint8Array, spec: DatatypeSpec, littleEndian: boolean, owned: boolean): StoredArray {
  const aligned = bytes.byteOffset % spec.bytesPerVoxel === 0;
  const voxels = owned && aligned ? bytes : new Uint8Array(bytes);
  if (littleEndian !== MACHINE_LITTLE_ENDIAN) swapBytes(voxels, spec.bytesPerVoxel);
  return new spec.arrayClass(voxels.buffer as ArrayBuffer, voxels.byteOffset, voxels.length / spec.bytesPerVoxel);
}

/**
 * Writes `stored` into `target` at `offset` as file bytes in the given byte order, applying `edit`
 * to the copy first (which needs `target` aligned at `offset` for the datatype).
 *
 * @example
 * encodeVoxels(stored, image.littleEndian, fileBytes, image.voxOffset);
 */
export function encodeVoxels(stored: StoredArray, littleEndian: boolean, target: Uint8Array, offset: number, edit?: (voxels: StoredArray) => void): void {
  const region = target.subarray(offset, offset + stored.byteLength);
  region.set(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength));
  if (edit) {
    const ArrayClass = stored.constructor as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => StoredArray;
    edit(new ArrayClass(region.buffer, region.byteOffset, stored.length));
  }
  if (littleEndian !== MACHINE_LITTLE_ENDIAN) swapBytes(region, stored.BYTES_PER_ELEMENT);
}

/** Reverses the byte order of each `width`-byte value in place. */
function swapBytes(bytes: Uint8Array, width: number): void {
  for (let start = 0; start < bytes.length; start += width) {
    for (let low = start, high = start + width - 1; low < high; low++, high--) {
      const byte = bytes[low];
      bytes[low] = bytes[high];
      bytes[high] = byte;
    }
  }
}
