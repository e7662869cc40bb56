/**
 * Volume bytes for the viewer. The renderer names an image by dataset id and relative path; the core
 * checks that it is a NIfTI file inside the dataset and sends its bytes as stored (the viewer decodes
 * `.nii.gz` itself), so no `file://` URL or invented path ever reaches the renderer.
 */
import { open } from 'node:fs/promises';
import zlib from 'node:zlib';
import { MAX_VOLUME_BYTES } from '../api/contract.js';
import { VeilError } from '../api/result.js';
import { fileSystemError } from '../files/fs-errors.js';
import { isGzip } from '../nifti/gzip.js';
import { NIFTI2_HEADER_BYTES, readHeader } from '../nifti/header.js';

const NIFTI_NAME = /\.nii(\.gz)?$/i;

/** Compressed bytes inflated to find the header: a NIfTI-2 header needs 540, and gzip reaches that within a few KB. */
const HEADER_SEARCH_BYTES = 64 * 1024;

/**
 * Reads a NIfTI file's bytes; refuses other files, folders, files over `MAX_VOLUME_BYTES` and files
 * without a NIfTI header, with Veil's own message (the viewer would only log a stack trace).
 *
 * @param file an absolute path already resolved inside the dataset
 * @param shownAs the name used in errors (the dataset-relative path)
 * @example
 * const bytes = await readVolumeBytes('/data/study/sub-01/anat/sub-01_T1w.nii.gz', 'sub-01/anat/sub-01_T1w.nii.gz');
 */
export async function readVolumeBytes(file: string, shownAs: string): Promise<Uint8Array> {
  if (!NIFTI_NAME.test(file)) throw new VeilError('UNSUPPORTED', `${shownAs} is not a NIfTI image (.nii or .nii.gz).`);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw fileSystemError(error, 'open', shownAs);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new VeilError('UNSUPPORTED', `${shownAs} is not a file.`);
    if (info.size > MAX_VOLUME_BYTES) {
      throw new VeilError('UNSUPPORTED', `${shownAs} is ${(info.size / 1024 ** 2).toFixed(0)} MB; the viewer takes images up to ${MAX_VOLUME_BYTES / 1024 ** 2} MB.`);
    }
    const bytes = await handle.readFile();
    readHeader(headerBytes(bytes), shownAs);
    return bytes;
  } catch (error) {
    throw error instanceof VeilError ? error : fileSystemError(error, 'read', shownAs);
  } finally {
    await handle.close();
  }
}

/** The start of the uncompressed file, enough to hold any NIfTI header (shorter when the file is). */
function headerBytes(bytes: Uint8Array): Uint8Array {
  if (!isGzip(bytes)) return bytes.subarray(0, NIFTI2_HEADER_BYTES);
  try {
    // Sync flush: inflate what the first chunk holds without asking for the end of the stream.
    return zlib.gunzipSync(bytes.subarray(0, HEADER_SEARCH_BYTES), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch {
    return new Uint8Array(0);
  }
}
