/**
 * Writers for the two icon containers the installers need, from pixels rendered elsewhere:
 * Windows `.ico` (NSIS, the .exe) and macOS `.icns` (the .app bundle, the .dmg). Both formats can
 * hold PNG data, so no image library is needed. Build-time only: never packed into the app.
 */

/** One square rendering of the icon: its PNG bytes and, for the small `.ico` entries, its raw pixels. */
export interface IconImage {
  size: number;
  png: Uint8Array;
  /** Row-major RGBA, top row first, `size * size * 4` bytes. */
  rgba: Uint8Array;
}

/**
 * Entries from this size up are stored as PNG in the `.ico`; smaller ones as 32-bit bitmaps, because
 * older Windows shells and NSIS's icon loader read PNG entries only at 256 px (the Vista convention).
 */
const ICO_PNG_FROM = 256;

/**
 * A Windows `.ico` holding every given size (at most 256 px each): ICONDIR, one ICONDIRENTRY per
 * image, then the images.
 *
 * @example
 * writeFileSync('assets/icons/icon.ico', icoFromImages(images.filter((i) => i.size <= 256)));
 */
export function icoFromImages(images: readonly IconImage[]): Buffer {
  const sorted = [...images].sort((a, b) => a.size - b.size);
  const payloads = sorted.map((image) => {
    if (image.size > 256) throw new Error(`An .ico entry is at most 256 px, got ${image.size}`);
    return image.size >= ICO_PNG_FROM ? Buffer.from(image.png) : bitmapEntry(image);
  });
  const header = Buffer.alloc(6 + 16 * sorted.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(sorted.length, 4);
  let offset = header.length;
  sorted.forEach((image, index) => {
    const entry = 6 + 16 * index;
    // 256 is written as 0: the field is one byte.
    header.writeUInt8(image.size % 256, entry);
    header.writeUInt8(image.size % 256, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(payloads[index]!.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += payloads[index]!.length;
  });
  return Buffer.concat([header, ...payloads]);
}

/**
 * A 32-bit BGRA device-independent bitmap as `.ico` stores it: BITMAPINFOHEADER with the height
 * doubled (colour rows plus the AND mask), rows bottom-up, then an all-zero AND mask (alpha decides).
 */
function bitmapEntry({ size, rgba }: IconImage): Buffer {
  if (rgba.length !== size * size * 4) throw new Error(`A ${size} px icon needs ${size * size * 4} RGBA bytes, got ${rgba.length}`);
  const maskRowBytes = Math.ceil(size / 32) * 4;
  const out = Buffer.alloc(40 + size * size * 4 + maskRowBytes * size);
  out.writeUInt32LE(40, 0); // header size
  out.writeInt32LE(size, 4);
  out.writeInt32LE(size * 2, 8);
  out.writeUInt16LE(1, 12); // planes
  out.writeUInt16LE(32, 14); // bits per pixel
  out.writeUInt32LE(0, 16); // BI_RGB: uncompressed
  out.writeUInt32LE(size * size * 4 + maskRowBytes * size, 20);
  for (let row = 0; row < size; row++) {
    const source = (size - 1 - row) * size * 4;
    for (let column = 0; column < size; column++) {
      const from = source + column * 4;
      const to = 40 + (row * size + column) * 4;
      out[to] = rgba[from + 2]!;
      out[to + 1] = rgba[from + 1]!;
      out[to + 2] = rgba[from]!;
      out[to + 3] = rgba[from + 3]!;
    }
  }
  return out;
}

/**
 * The PNG-capable `.icns` element types by pixel size, as `iconutil` writes them: the 1x types and
 * the @2x (Retina) types that share a pixel size with a larger 1x type.
 */
export const ICNS_TYPES: readonly { type: string; size: number }[] = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 }, // 16@2x
  { type: 'icp6', size: 64 },
  { type: 'ic12', size: 64 }, // 32@2x
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic13', size: 256 }, // 128@2x
  { type: 'ic09', size: 512 },
  { type: 'ic14', size: 512 }, // 256@2x
  { type: 'ic10', size: 1024 }, // 512@2x
];

/**
 * A macOS `.icns` with one PNG element per entry of `ICNS_TYPES`; every size they name must be given.
 *
 * @example
 * writeFileSync('assets/icons/icon.icns', icnsFromImages(images));
 */
export function icnsFromImages(images: readonly IconImage[]): Buffer {
  const elements = ICNS_TYPES.map(({ type, size }) => {
    const image = images.find((candidate) => candidate.size === size);
    if (!image) throw new Error(`The .icns needs a ${size} px image for ${type}`);
    const element = Buffer.alloc(8 + image.png.length);
    element.write(type, 0, 'latin1');
    element.writeUInt32BE(element.length, 4);
    element.set(image.png, 8);
    return element;
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + elements.reduce((total, element) => total + element.length, 0), 4);
  return Buffer.concat([header, ...elements]);
}
