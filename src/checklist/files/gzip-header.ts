/**
 * The member header of a gzip file (RFC 1952 §2.3): gzip, and tools built on it, store the original
 * file name (`00001_1.3.12.2.1107….nii`, a UID) and its modification time there unless told not to,
 * and both survive renaming the .gz file.
 */

export interface GzipHeader {
  /** FNAME: the original file name, or null. */
  storedName: string | null;
  /** FCOMMENT, or null. */
  comment: string | null;
  /** MTIME in seconds since 1970, 0 when none is stored. */
  mtime: number;
}

const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;

/**
 * Parses the first member header from the file's first bytes (a kilobyte is plenty unless the
 * stored name is absurdly long), or null when the bytes are not gzip or the header is cut off.
 *
 * @example
 * parseGzipHeader(await readHead(file, 1024)); // {storedName: 'scan.nii', comment: null, mtime: 1700000000}
 */
export function parseGzipHeader(bytes: Uint8Array): GzipHeader | null {
  if (bytes.length < 10 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return null;
  const flags = bytes[3] ?? 0;
  const mtime = new DataView(bytes.buffer, bytes.byteOffset + 4, 4).getUint32(0, true);
  let position = 10;
  if (flags & FLAG_EXTRA) position += 2 + ((bytes[10] ?? 0) | ((bytes[11] ?? 0) << 8));
  const zeroTerminated = (): string | null => {
    const end = bytes.indexOf(0, position);
    if (end < 0) return null;
    // RFC 1952: ISO 8859-1.
    const text = new TextDecoder('latin1').decode(bytes.subarray(position, end));
    position = end + 1;
    return text;
  };
  const storedName = flags & FLAG_NAME ? zeroTerminated() : null;
  if (flags & FLAG_NAME && storedName === null) return null;
  const comment = flags & FLAG_COMMENT ? zeroTerminated() : null;
  return { storedName, comment, mtime };
}
