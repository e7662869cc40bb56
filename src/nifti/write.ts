/**
 * Writing an image back: the input's bytes before vox_offset verbatim, then the voxels in the
 * input's datatype and byte order. Only voxel values can differ from the input, so an unchanged
 * image is written byte for byte as it was read.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { VeilError } from '../api/result.js';
import { datatypeSpec } from './datatypes.js';
import type { StoredArray } from './datatypes.js';
import { fileSystemError } from '../files/fs-errors.js';
import { writeFileAtomic, writeTemporaryBeside } from '../files/write-file-atomic.js';
import { badNifti } from './errors.js';
import type { NiftiImage } from './image.js';
import { encodeVoxels } from './voxels.js';

const gzip = promisify(zlib.gzip);

/** Changes voxels of the copy about to be written, in place (machine byte order). */
export type VoxelEdit = (voxels: StoredArray) => void;

/**
 * The uncompressed file bytes: `image.prefix` (zero-padded up to vox_offset if shorter), then
 * `stored` in the image's byte order, changed by `edit` when given. `stored` must have the image's
 * datatype class and voxel count. Editing the file's own copy, rather than a copy of `stored`
 * made for the purpose, saves one image-sized array per write.
 *
 * @example
 * const bytes = encodeNiftiBytes(image, image.stored); // identical to the decompressed input
 * const defaced = encodeNiftiBytes(image, image.stored, (voxels) => { voxels[0] = 0; });
 */
export function encodeNiftiBytes(image: NiftiImage, stored: StoredArray, edit?: VoxelEdit): Uint8Array {
  const spec = datatypeSpec(image.datatype);
  const voxelCount = image.dims[0] * image.dims[1] * image.dims[2];
  if (!(stored instanceof spec.arrayClass) || stored.length !== voxelCount) {
    throw new VeilError(
      'INTERNAL',
      `${image.name}: the voxels to write are a ${stored.constructor.name} of ${stored.length} values; ` +
        `the image needs ${voxelCount} ${spec.name} values.`,
    );
  }
  if (image.prefix.length > image.voxOffset) {
    throw new VeilError('INTERNAL', `${image.name}: the header bytes (${image.prefix.length}) run past vox_offset (${image.voxOffset}).`);
  }
  // Padding in front puts the voxels at an aligned offset whatever vox_offset is, so `edit` can see them as a typed array.
  const padding = (spec.bytesPerVoxel - (image.voxOffset % spec.bytesPerVoxel)) % spec.bytesPerVoxel;
  const bytes = new Uint8Array(new ArrayBuffer(padding + image.voxOffset + stored.byteLength), padding);
  bytes.set(image.prefix);
  encodeVoxels(stored, image.littleEndian, bytes, image.voxOffset, edit);
  return bytes;
}

/**
 * Writes `stored` (changed by `edit` when given) with the image's header to `outputPath`, atomically: the bytes go to a hidden
 * temporary file in the same folder, are flushed to disk, then renamed over the target, so an
 * interrupted or failed run never leaves a partial output (the temporary file is removed on error).
 * A name ending in .nii.gz is written gzip-compressed (deterministic: no file name, mtime 0), .nii
 * uncompressed, whatever the input was.
 *
 * @example
 * await writeNiftiAtomic('/out/sub-01_T1w_defaced.nii.gz', image, defacedStored);
 * await writeNiftiAtomic('/out/sub-01_T1w_defaced.nii.gz', image, image.stored, (voxels) => voxels.fill(0, 0, 100));
 */
export async function writeNiftiAtomic(outputPath: string, image: NiftiImage, stored: StoredArray, edit?: VoxelEdit): Promise<void> {
  const bytes = await fileBytes(outputPath, image, stored, edit);
  try {
    await writeFileAtomic(outputPath, bytes);
  } catch (error) {
    throw fileSystemError(error, 'write', outputPath);
  }
}

/**
 * As writeNiftiAtomic, but stops before the rename: the image (in the format `outputPath` names) is
 * in a hidden temporary file beside `outputPath`, whose path is answered, for the caller to check
 * and then rename onto `outputPath`, or remove.
 *
 * @example
 * const pending = await writeNiftiPending(output, image, image.stored, edit);
 * await rename(pending, output); // once its self-check is done
 */
export async function writeNiftiPending(outputPath: string, image: NiftiImage, stored: StoredArray, edit?: VoxelEdit): Promise<string> {
  const bytes = await fileBytes(outputPath, image, stored, edit);
  try {
    return await writeTemporaryBeside(outputPath, bytes);
  } catch (error) {
    throw fileSystemError(error, 'write', outputPath);
  }
}

/** The file's bytes: gzip-compressed for a .nii.gz name, raw for .nii. */
async function fileBytes(outputPath: string, image: NiftiImage, stored: StoredArray, edit?: VoxelEdit): Promise<Uint8Array> {
  const compress = isCompressedName(outputPath);
  const raw = encodeNiftiBytes(image, stored, edit);
  return compress ? gzip(raw) : raw;
}

/** true for .nii.gz, false for .nii; anything else is refused (the name decides the format). */
function isCompressedName(outputPath: string): boolean {
  const lower = outputPath.toLowerCase();
  if (lower.endsWith('.nii.gz')) return true;
  if (lower.endsWith('.nii')) return false;
  throw badNifti(outputPath, 'an output name must end in .nii or .nii.gz.');
}
