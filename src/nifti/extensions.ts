/**
 * Header extensions (the optional blocks between the header and vox_offset). They are kept
 * verbatim in NiftiImage.prefix either way; parsing them here only lets callers see what they hold.
 */
import type { NiftiExtension } from './image.js';

/**
 * The extensions in `prefix` (the bytes before vox_offset), present when the extender's first byte
 * is non-zero. A malformed chain stops parsing with a warning; the bytes are still written back.
 *
 * @example
 * const { extensions } = readExtensions(prefix, 348, true); // [{ code: 6, data: … }]
 */
export function readExtensions(
  prefix: Uint8Array,
  headerBytes: number,
  littleEndian: boolean,
): { extensions: NiftiExtension[]; warnings: string[] } {
  const extensions: NiftiExtension[] = [];
  const warnings: string[] = [];
  if (prefix.length < headerBytes + 4 || prefix[headerBytes] === 0) return { extensions, warnings };
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let offset = headerBytes + 4;
  while (offset + 8 <= prefix.length) {
    const size = view.getInt32(offset, littleEndian);
    const code = view.getInt32(offset + 4, littleEndian);
    // Some writers pad the space before vox_offset with zeros instead of ending the chain exactly.
    if (size === 0 && prefix.subarray(offset).every((byte) => byte === 0)) break;
    if (size < 8 || offset + size > prefix.length) {
      warnings.push(`The header extension at byte ${offset} has an invalid size (${size}); it and any after it were kept unread.`);
      break;
    }
    extensions.push({ code, data: prefix.slice(offset + 8, offset + size) });
    offset += size;
  }
  return { extensions, warnings };
}
