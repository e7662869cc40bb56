/**
 * Reading a NIfTI-1 or NIfTI-2 file (.nii or .nii.gz, either byte order) into a NiftiImage.
 * The header is parsed and validated before the voxels are copied, so a bad file is refused with
 * a message before any large allocation.
 */
import { open } from 'node:fs/promises';
import { fileSystemError } from '../files/fs-errors.js';
import { badNifti } from './errors.js';
import { readExtensions } from './extensions.js';
import { gunzipMembers, isGzip } from './gzip.js';
import { readHeader } from './header.js';
import type { NiftiImage } from './image.js';
import { headerAffine } from './orientation.js';
import { countNonFiniteIntensities, effectiveScaling } from './scaling.js';
import { checkLayout, MAX_IMAGE_BYTES } from './validate.js';
import { decodeVoxels } from './voxels.js';

/** Room for header and extensions on top of the largest image (CIFTI-style XML extensions can be MBs). */
const MAX_FILE_BYTES = MAX_IMAGE_BYTES + 2 ** 28;

/**
 * Reads a .nii or .nii.gz file. Errors are VeilErrors that name the file: NOT_FOUND,
 * PERMISSION_DENIED, BAD_REQUEST (damaged or not a 3D image), UNSUPPORTED (e.g. RGB).
 *
 * @example
 * const image = await readNifti('/data/sub-01/anat/sub-01_T1w.nii.gz');
 * image.dims; // [176, 256, 256]
 * image.warnings; // e.g. ['12 voxels are NaN or infinite; …']
 */
export async function readNifti(path: string): Promise<NiftiImage> {
  return parseNifti(await readWholeFile(path), path);
}

/**
 * Parses the bytes of a .nii or .nii.gz file (gzip is recognised by its magic, not by `name`).
 * `name` is used in error messages and warnings and kept as image.name.
 *
 * @example
 * const image = parseNifti(await readFile(path), path);
 * const volume = toVolume(image);
 */
export function parseNifti(bytes: Uint8Array, name: string): NiftiImage {
  const gzipped = isGzip(bytes);
  const { data, warnings } = gzipped ? gunzipMembers(bytes, name, MAX_FILE_BYTES) : { data: bytes, warnings: [] };
  const header = readHeader(data, name);
  const layout = checkLayout(header, name);
  warnings.push(...layout.warnings);

  const end = layout.voxOffset + layout.imageBytes;
  if (data.length < end) {
    throw badNifti(
      name,
      `the file is too short: the header describes ${layout.dims.join('×')} ${layout.spec.name} voxels ` +
        `(${layout.imageBytes} bytes from byte ${layout.voxOffset}), but the ${gzipped ? 'decompressed ' : ''}data ends ` +
        `after ${data.length} bytes (truncated file?).`,
    );
  }
  if (data.length > end) warnings.push(`${data.length - end} bytes after the image data were ignored; outputs will not contain them.`);

  // A copy, not a view (Buffer#slice would alias): the image must not change when the caller's bytes do.
  const prefix = new Uint8Array(data.subarray(0, layout.voxOffset));
  // Decompressed bytes are Veil's own and can be used in place; the caller's bytes are copied.
  const stored = decodeVoxels(data.subarray(layout.voxOffset, end), layout.spec, header.littleEndian, gzipped);
  const { slope, inter } = effectiveScaling(header.sclSlope, header.sclInter, warnings);
  const nonFinite = countNonFiniteIntensities(stored, layout.spec, slope, inter);
  if (nonFinite > 0) {
    warnings.push(
      `${nonFinite} voxels are NaN or infinite; they are read as 0 (or as the image minimum when 0 is outside the intensity range).`,
    );
  }
  const orientation = headerAffine(header);
  warnings.push(...orientation.warnings);
  const { extensions, warnings: extensionWarnings } = readExtensions(prefix, header.headerBytes, header.littleEndian);
  warnings.push(...extensionWarnings);

  return {
    name,
    version: header.version,
    littleEndian: header.littleEndian,
    gzipped,
    dims: layout.dims,
    pixdim: [header.pixdim[1], header.pixdim[2], header.pixdim[3]],
    datatype: layout.spec.name,
    sclSlope: slope,
    sclInter: inter,
    affine: orientation.affine,
    affineSource: orientation.source,
    voxOffset: layout.voxOffset,
    prefix,
    stored,
    extensions,
    descrip: header.descrip,
    warnings: warnings.map((warning) => `${name}: ${warning}`),
  };
}

/** The whole file, refusing folders and files too large to be an image Veil can hold. */
async function readWholeFile(path: string): Promise<Uint8Array> {
  try {
    const handle = await open(path, 'r');
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw badNifti(path, 'not a file.');
      if (stats.size > MAX_FILE_BYTES) throw badNifti(path, `the file is ${stats.size} bytes, larger than any image Veil can hold (2 GiB).`);
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw fileSystemError(error, 'read', path);
  }
}
