/**
 * A NIfTI header without its identifying text: `descrip`, `aux_file`, `intent_name` and `db_name`
 * zeroed, every extension dropped (vox_offset moved up to right after the header). The voxel bytes
 * are copied verbatim — not decoded and re-encoded — so they stay identical, for any datatype,
 * dimension count or byte order.
 */
import { readHeader } from '../../nifti/header.js';
import { niftiTextFieldSpans, readNiftiTextFields } from '../files/nifti-text-fields.js';

export interface ScrubbedNifti {
  bytes: Uint8Array;
  /** The text fields that held something. */
  clearedFields: string[];
  /** Bytes of extensions (and padding) dropped between the header and the voxels. */
  droppedExtensionBytes: number;
}

/** The 4-byte extender after the header; all zero says "no extensions follow". */
const EXTENDER_BYTES = 4;

/**
 * Scrubs the (decompressed) bytes of a .nii file. `name` names the file in errors.
 *
 * @example
 * const { bytes, clearedFields } = scrubNiftiBytes(await readFile('x.nii'), 'x.nii'); // clearedFields: ['descrip']
 */
export function scrubNiftiBytes(data: Uint8Array, name: string): ScrubbedNifti {
  const header = readHeader(data, name);
  const clearedFields = Object.keys(readNiftiTextFields(data, header.version));
  const headerEnd = header.headerBytes + EXTENDER_BYTES;
  const output = new Uint8Array(headerEnd + (data.length - header.voxOffset));
  output.set(data.subarray(0, header.headerBytes));
  for (const { offset, length } of niftiTextFieldSpans(header.version)) output.fill(0, offset, offset + length);
  const view = new DataView(output.buffer);
  if (header.version === 1) view.setFloat32(108, headerEnd, header.littleEndian);
  else view.setBigInt64(168, BigInt(headerEnd), header.littleEndian);
  output.set(data.subarray(header.voxOffset), headerEnd);
  return { bytes: output, clearedFields, droppedExtensionBytes: header.voxOffset - headerEnd };
}
