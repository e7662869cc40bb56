/**
 * A minimal PNG encoder for 8-bit grayscale images (QC renders). Deterministic: the same pixels give
 * the same bytes, so QC pictures can be compared and hashed.
 */
import { crc32, deflateSync } from 'node:zlib';

export interface GrayImage {
  width: number;
  height: number;
  /** Row-major, top row first, one byte per pixel. */
  pixels: Uint8Array;
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encodes a grayscale image as PNG bytes.
 *
 * @example
 * writeFileSync('qc.png', encodeGrayPng({ width: 2, height: 1, pixels: Uint8Array.of(0, 255) }));
 */
export function encodeGrayPng(image: GrayImage): Buffer {
  return encodePng(image.width, image.height, image.pixels, 1);
}

/** An 8-bit RGB picture, row-major, top row first, three bytes (R, G, B) per pixel. */
export interface RgbImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * Encodes an RGB image as PNG bytes.
 *
 * @example
 * writeFileSync('detections.png', encodeRgbPng({ width: 1, height: 1, pixels: Uint8Array.of(255, 0, 0) }));
 */
export function encodeRgbPng(image: RgbImage): Buffer {
  return encodePng(image.width, image.height, image.pixels, 3);
}

function encodePng(width: number, height: number, pixels: Uint8Array, channels: 1 | 3): Buffer {
  if (pixels.length !== width * height * channels) throw new Error(`PNG: ${pixels.length} bytes for ${width}×${height}×${channels}`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, channels === 1 ? 0 : 2, 0, 0, 0], 8); // bit depth 8, grayscale or RGB, deflate, no filter method variants, no interlace
  const rowBytes = width * channels;
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let row = 0; row < height; row++) {
    raw[row * (rowBytes + 1)] = 0; // filter type None: QC renders are small, compression ratio is not worth a filter search
    raw.set(pixels.subarray(row * rowBytes, (row + 1) * rowBytes), row * (rowBytes + 1) + 1);
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

/**
 * Places images side by side on one canvas (top-aligned, black gaps), e.g. before | after.
 *
 * @example
 * const pair = sideBySide([before, after], 8);
 */
export function sideBySide(images: GrayImage[], gap: number): GrayImage {
  const width = images.reduce((sum, image) => sum + image.width, 0) + gap * Math.max(0, images.length - 1);
  const height = Math.max(0, ...images.map((image) => image.height));
  const pixels = new Uint8Array(width * height);
  let left = 0;
  for (const image of images) {
    for (let row = 0; row < image.height; row++) {
      pixels.set(image.pixels.subarray(row * image.width, (row + 1) * image.width), row * width + left);
    }
    left += image.width + gap;
  }
  return { width, height, pixels };
}
