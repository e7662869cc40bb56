/**
 * gzip decompression that tells damage apart from harmless extras. zlib.gunzipSync throws on any
 * bytes after the last member, so the members are walked here one by one: each header is parsed,
 * its deflate body inflated (zlib reports how much input it consumed), its CRC-32 and length
 * checked. Concatenated members (pigz, bgzip) are joined; zero padding after the end is ignored;
 * anything else after the end is dropped with a warning; a cut-off or corrupt stream is an error.
 */
import zlib from 'node:zlib';
import { badNifti } from './errors.js';

const FLAG_HEADER_CRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;
const FLAG_RESERVED = 0xe0;
const FIXED_HEADER_BYTES = 10;
const TRAILER_BYTES = 8;
/** Deflate's largest compression ratio (RFC 1951: a 258-byte match per 2 bits, at best). */
const MAX_DEFLATE_RATIO = 1032;

export interface Gunzipped {
  data: Uint8Array;
  warnings: string[];
}

/**
 * True when the bytes start with the gzip magic number.
 *
 * @example
 * isGzip(await readFile('scan.nii.gz')); // true
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses every gzip member of `bytes`, refusing output larger than `maxOutputBytes`.
 * `name` names the file in errors; warnings are returned without it.
 *
 * @example
 * const { data, warnings } = gunzipMembers(bytes, 'scan.nii.gz', 2 ** 31);
 */
export function gunzipMembers(bytes: Uint8Array, name: string, maxOutputBytes: number): Gunzipped {
  const parts: Uint8Array[] = [];
  const warnings: string[] = [];
  let total = 0;
  let offset = 0;
  do {
    const bodyStart = skipMemberHeader(bytes, offset, name);
    const remaining = maxOutputBytes - total;
    if (remaining < 1) throw tooLarge(name, maxOutputBytes);
    const body = bytes.subarray(bodyStart);
    const { output, consumed } = inflateBody(body, name, remaining, maxOutputBytes, outputBufferSize(bytes, body, remaining));
    const trailer = bodyStart + consumed;
    if (trailer + TRAILER_BYTES > bytes.length) throw truncated(name);
    checkTrailer(bytes, trailer, output, name);
    parts.push(output);
    total += output.length;
    offset = trailer + TRAILER_BYTES;
  } while (offset < bytes.length && isGzip(bytes.subarray(offset)));

  const rest = bytes.subarray(offset);
  if (rest.some((byte) => byte !== 0)) {
    warnings.push(`${rest.length} bytes of non-gzip data after the end of the compressed image were ignored.`);
  }
  return { data: parts.length === 1 ? parts[0] : Buffer.concat(parts), warnings };
}

/** Offset of the deflate body of the member starting at `offset` (RFC 1952 §2.3). */
function skipMemberHeader(bytes: Uint8Array, offset: number, name: string): number {
  if (offset + FIXED_HEADER_BYTES > bytes.length) throw truncated(name);
  const method = bytes[offset + 2];
  const flags = bytes[offset + 3];
  if (method !== 8 || (flags & FLAG_RESERVED) !== 0) {
    throw badNifti(name, 'corrupt gzip header (unknown compression method or flags).');
  }
  let position = offset + FIXED_HEADER_BYTES;
  if (flags & FLAG_EXTRA) {
    if (position + 2 > bytes.length) throw truncated(name);
    position += 2 + (bytes[position] | (bytes[position + 1] << 8));
  }
  if (flags & FLAG_NAME) position = afterZeroTerminated(bytes, position, name);
  if (flags & FLAG_COMMENT) position = afterZeroTerminated(bytes, position, name);
  if (flags & FLAG_HEADER_CRC) position += 2;
  if (position >= bytes.length) throw truncated(name);
  return position;
}

function afterZeroTerminated(bytes: Uint8Array, position: number, name: string): number {
  const end = bytes.indexOf(0, position);
  if (end < 0) throw truncated(name);
  return end + 1;
}

/**
 * zlib's output buffer size for a member: the size the file announces in its last 4 bytes (ISIZE),
 * when deflate could produce that much from the body (at most 1032:1) and it is within the limit.
 * Right (one member, the usual case), the data is inflated into one buffer instead of 16 KiB chunks
 * joined by a copy: half the memory, and 47 → 22 ms for 22 MB of voxels. Wrong (several members,
 * junk after the end), zlib just adds chunks. One byte more, because zlib allocates a next buffer
 * as soon as one is exactly full.
 */
function outputBufferSize(bytes: Uint8Array, body: Uint8Array, remaining: number): number | undefined {
  if (bytes.length < TRAILER_BYTES) return undefined;
  const announced = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true);
  return announced > 0 && announced <= body.length * MAX_DEFLATE_RATIO && announced < remaining ? announced + 1 : undefined;
}

/** What zlib returns with `info: true`: the output and the engine, whose bytesWritten is the input consumed. */
interface InflateInfo {
  buffer: Buffer;
  engine: { bytesWritten: number };
}

function inflateBody(body: Uint8Array, name: string, remaining: number, limit: number, chunkSize?: number): { output: Uint8Array; consumed: number } {
  try {
    const result = zlib.inflateRawSync(body, { info: true, maxOutputLength: remaining, ...(chunkSize ? { chunkSize } : {}) }) as unknown as InflateInfo;
    return { output: result.buffer, consumed: result.engine.bytesWritten };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') throw truncated(name);
    if (code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(name, limit);
    throw badNifti(name, `corrupt gzip data (${(error as Error).message}).`);
  }
}

function checkTrailer(bytes: Uint8Array, trailer: number, output: Uint8Array, name: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset + trailer, TRAILER_BYTES);
  const expectedCrc = view.getUint32(0, true);
  const expectedSize = view.getUint32(4, true);
  // ISIZE is the length modulo 2^32.
  if (expectedSize !== output.length % 2 ** 32 || expectedCrc !== zlib.crc32(output)) {
    throw badNifti(name, 'corrupt gzip data (checksum mismatch): the file is damaged.');
  }
}

function truncated(name: string) {
  return badNifti(name, 'truncated gzip file: the compressed data ends early (incomplete download or copy?).');
}

function tooLarge(name: string, limit: number) {
  return badNifti(name, `the gzip data decompresses to more than ${limit} bytes, larger than any image Veil can hold.`);
}
