/**
 * The part of a NIfTI file a metadata check needs — the header and its extensions, everything before
 * the voxels — read without reading (or, for .nii.gz, decompressing) the voxels: a check of 10,000
 * images then costs a few kilobytes each, not gigabytes.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { VeilError } from '../../api/result.js';
import { fileSystemError } from '../../files/fs-errors.js';
import { parseGzipHeader, type GzipHeader } from './gzip-header.js';

export interface NiftiPrefix {
  /** The gzip member header, or null for an uncompressed file. */
  gzip: GzipHeader | null;
  version: 1 | 2;
  littleEndian: boolean;
  /** Byte offset of the voxels in the (decompressed) file. */
  voxOffset: number;
  /** The (decompressed) bytes before the voxels: header, extender, extensions. */
  prefix: Uint8Array;
}

/** Headers with extensions larger than this are not read (CIfTI XML can be MBs; nothing legitimate is larger). */
const MAX_PREFIX_BYTES = 64 * 2 ** 20;

/**
 * The first `count` bytes of a file (fewer when it is shorter).
 *
 * @example
 * await readHead('/d/x.nii.gz', 1024);
 */
export async function readHead(file: string, count: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw fileSystemError(error, 'read', file);
  } finally {
    await handle?.close();
  }
}

/** sizeof_hdr in either byte order, then vox_offset at its version's offset; null while too few bytes are in. */
function headerLayout(bytes: Uint8Array, file: string): { version: 1 | 2; littleEndian: boolean; voxOffset: number } | null {
  if (bytes.length < 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const littleEndian of [true, false]) {
    const size = view.getInt32(0, littleEndian);
    if (size === 348) return bytes.length < 112 ? null : { version: 1, littleEndian, voxOffset: Math.round(view.getFloat32(108, littleEndian)) };
    if (size === 540) return bytes.length < 176 ? null : { version: 2, littleEndian, voxOffset: Number(view.getBigInt64(168, littleEndian)) };
  }
  throw new VeilError('BAD_REQUEST', `${file}: not a NIfTI file (no NIfTI header size at its start).`);
}

/**
 * Reads the header and extensions of a .nii or .nii.gz (gzip recognised by its magic), stopping at
 * vox_offset. Errors name the file: not NIfTI, cut off before the voxels, unreadable.
 *
 * @example
 * const { prefix, version, gzip } = await readNiftiPrefix('/d/sub-01_T1w.nii.gz');
 */
export async function readNiftiPrefix(file: string): Promise<NiftiPrefix> {
  const head = await readHead(file, 1024);
  const gzip = parseGzipHeader(head);
  const source = createReadStream(file);
  const stream = gzip ? source.pipe(createGunzip()) : source;
  const chunks: Buffer[] = [];
  let total = 0;
  let layout: ReturnType<typeof headerLayout> = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      layout ??= headerLayout(Buffer.concat(chunks), file);
      if (layout && total >= layout.voxOffset) break;
      if (total > MAX_PREFIX_BYTES) throw new VeilError('BAD_REQUEST', `${file}: the header extensions are larger than ${MAX_PREFIX_BYTES} bytes.`);
    }
  } catch (error) {
    if (error instanceof VeilError) throw error;
    throw gzip ? new VeilError('BAD_REQUEST', `${file}: the gzip data is damaged (${(error as Error).message}).`) : fileSystemError(error, 'read', file);
  } finally {
    source.destroy();
  }
  const bytes = Buffer.concat(chunks);
  layout ??= headerLayout(bytes, file);
  if (!layout || bytes.length < layout.voxOffset || layout.voxOffset < (layout.version === 1 ? 348 : 540)) {
    throw new VeilError('BAD_REQUEST', `${file}: the file ends before its voxels start (truncated, or vox_offset is wrong).`);
  }
  return { gzip, ...layout, prefix: new Uint8Array(bytes.subarray(0, layout.voxOffset)) };
}
