/**
 * A NIfTI image as Veil holds it: what the engine needs (dims, affine, scaled intensities via
 * toVolume) and what the writer needs to reproduce the file byte for byte (the verbatim bytes
 * before the voxels, byte order, datatype).
 */
import type { Affine } from '../volume/volume.js';
import type { NiftiDatatype, StoredArray } from './datatypes.js';
import type { AffineSource } from './orientation.js';

/** One header extension (NIfTI-1 §extensions): its ecode and its payload after the 8-byte esize/ecode. */
export interface NiftiExtension {
  code: number;
  data: Uint8Array;
}

export interface NiftiImage {
  /** The file path or label given to the reader; error messages and warnings name it. */
  name: string;
  version: 1 | 2;
  /** Byte order of the file, kept for writing. */
  littleEndian: boolean;
  /** Whether the file content was gzip-compressed (by its bytes, not its name). */
  gzipped: boolean;
  /** Voxel counts along i, j, k. */
  dims: [number, number, number];
  /** pixdim[1..3] as stored in the header (voxel sizes in the header's units, normally mm). */
  pixdim: [number, number, number];
  datatype: NiftiDatatype;
  /** The scaling in effect: intensity = stored × sclSlope + sclInter (1 and 0 when the file has none). */
  sclSlope: number;
  sclInter: number;
  /** Row-major 4×4, voxel (i, j, k, 1) → world RAS mm. */
  affine: Affine;
  affineSource: AffineSource;
  /** Byte offset of the first voxel. */
  voxOffset: number;
  /** The file's bytes before vox_offset (header, extender, extensions), verbatim: written back unchanged. */
  prefix: Uint8Array;
  /** The stored voxel values, i fastest, in the machine's byte order. */
  stored: StoredArray;
  extensions: NiftiExtension[];
  /** The header's descrip text. */
  descrip: string;
  /** Problems that did not stop reading, for people (e.g. NaN voxels, junk after the gzip stream). */
  warnings: string[];
}
