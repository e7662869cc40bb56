/**
 * Text files as people's tools write them: UTF-8 with or without a byte-order mark, UTF-16 with one
 * (Excel's "Unicode text"), or a legacy 8-bit code page (Excel's CSV on Windows writes
 * windows-1252). Strict UTF-8 decoding fails on such bytes, so it is the test that picks the fallback.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** The file started with a byte-order mark (not part of `text`). */
  bom: boolean;
}

/**
 * Decodes file bytes: BOM first, then strict UTF-8, then windows-1252 (a superset of latin1 for
 * printable text; every byte decodes, so this never fails).
 *
 * @example
 * decodeText(Buffer.from([0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65])); // {text: 'Jérôme', encoding: 'windows-1252', bom: false}
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', bom: false };
  }
}

/**
 * Windows-1252 bytes 0x80–0x9F (€, ‚, ƒ, „, …, ‘, ’, “, ”, –, —, ™, …) in order; the five unused ones
 * stay as the C1 control they are in latin1.
 */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Node's TextDecoder decodes the `windows-1252` label as latin1 (0x80 becomes U+0080, not €), so the
 * 32 bytes where the two differ are mapped here.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes).replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char);
}
