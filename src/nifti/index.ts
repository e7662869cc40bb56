/**
 * NIfTI I/O: read .nii/.nii.gz (NIfTI-1 and -2, either byte order) into a NiftiImage, turn it into
 * the engine's Volume, and write changed voxels back with the input's header, byte for byte.
 *
 * @example
 * const image = await readNifti(input);
 * const volume = toVolume(image);
 * const fill = backgroundStoredValue(image);
 * await writeNiftiAtomic(output, image, image.stored, (voxels) => { voxels[index] = fill; });
 */
export type { NiftiDatatype, StoredArray } from './datatypes.js';
export type { NiftiExtension, NiftiImage } from './image.js';
export type { AffineSource } from './orientation.js';
export { parseNifti, readNifti } from './read.js';
export { backgroundStoredValue, scaledVoxels, storedValueFor, toVolume } from './scaling.js';
export { encodeNiftiBytes, writeNiftiAtomic, writeNiftiPending } from './write.js';
