/**
 * The committed icon set (assets/icons/, written by `npm run icons`): the PNG sizes, and the `.ico`
 * and `.icns` containers read back with readers written here from the formats' specifications,
 * independently of the writers in assets/tools/icon-containers.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { icnsFromImages, icoFromImages, type IconImage } from '../../assets/tools/icon-containers.js';
import { PROJECT_ROOT } from '../support/built-app.js';

const ICONS = path.join(PROJECT_ROOT, 'assets', 'icons');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width, height and colour type from a PNG's IHDR, or null when the bytes are not a PNG. */
function pngHeader(bytes: Buffer): { width: number; height: number; colourType: number } | null {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25]! };
}

interface IcoEntry {
  size: number;
  bitsPerPixel: number;
  data: Buffer;
}

/** The entries of an `.ico`, checking the ICONDIR and that every entry lies inside the file. */
function readIco(file: Buffer): IcoEntry[] {
  expect(file.readUInt16LE(0)).toBe(0);
  expect(file.readUInt16LE(2)).toBe(1);
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const at = 6 + 16 * index;
    const width = file[at] || 256;
    expect(file[at + 1] || 256).toBe(width);
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    expect(offset).toBeGreaterThanOrEqual(6 + 16 * count);
    expect(offset + length).toBeLessThanOrEqual(file.length);
    return { size: width, bitsPerPixel: file.readUInt16LE(at + 6), data: file.subarray(offset, offset + length) };
  });
}

/** RGBA of pixel (x, y) (top row is y = 0) in a 32-bit `.ico` bitmap entry, which stores rows bottom-up as BGRA. */
function bitmapPixel(entry: IcoEntry, x: number, y: number): [number, number, number, number] {
  const at = 40 + ((entry.size - 1 - y) * entry.size + x) * 4;
  return [entry.data[at + 2]!, entry.data[at + 1]!, entry.data[at]!, entry.data[at + 3]!];
}

/** The elements of an `.icns`, checking the header's length and that the elements fill the file exactly. */
function readIcns(file: Buffer): { type: string; data: Buffer }[] {
  expect(file.toString('latin1', 0, 4)).toBe('icns');
  expect(file.readUInt32BE(4)).toBe(file.length);
  const elements: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    elements.push({ type: file.toString('latin1', at, at + 4), data: file.subarray(at + 8, at + length) });
    at += length;
    expect(at).toBeLessThanOrEqual(file.length);
  }
  return elements;
}

describe('the icon set', () => {
  it('has RGBA PNGs from 16 to 1024 px, each the size its name says', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngHeader(readFileSync(path.join(ICONS, `${size}x${size}.png`)))).toEqual({ width: size, height: size, colourType: 6 });
    }
  });

  it('has an .ico with 16–256 px: bitmaps below 256, the 256 px entry as PNG', () => {
    const entries = readIco(readFileSync(path.join(ICONS, 'icon.ico')));
    expect(entries.map((entry) => entry.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const entry of entries) {
      expect(entry.bitsPerPixel).toBe(32);
      if (entry.size === 256) {
        expect(pngHeader(entry.data)).toMatchObject({ width: 256, height: 256 });
        continue;
      }
      expect(entry.data.readUInt32LE(0)).toBe(40);
      expect([entry.data.readInt32LE(4), entry.data.readInt32LE(8), entry.data.readUInt16LE(14)]).toEqual([entry.size, entry.size * 2, 32]);
      expect(entry.data.length).toBe(40 + entry.size * entry.size * 4 + Math.ceil(entry.size / 32) * 4 * entry.size);
    }
  });

  it('stores the .ico bitmaps upright and in colour order: transparent corner, light head above, blue veil below', () => {
    const entry = readIco(readFileSync(path.join(ICONS, 'icon.ico'))).find((candidate) => candidate.size === 64)!;
    expect(bitmapPixel(entry, 0, 0)[3]).toBe(0);
    const head = bitmapPixel(entry, 32, 16);
    expect(head[3]).toBe(255);
    expect(Math.min(head[0], head[1], head[2])).toBeGreaterThan(200);
    const veil = bitmapPixel(entry, 32, 48);
    expect(veil[2]).toBeGreaterThan(veil[0] + 40);
  });

  it('has an .icns with a PNG for every Retina and 1x slot from 16 to 1024 px', () => {
    const elements = readIcns(readFileSync(path.join(ICONS, 'icon.icns')));
    const sizes = Object.fromEntries(elements.map(({ type, data }) => [type, pngHeader(data)?.width]));
    expect(sizes).toEqual({ icp4: 16, icp5: 32, ic11: 32, icp6: 64, ic12: 64, ic07: 128, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024 });
  });
});

describe('the icon container writers', () => {
  const image = (size: number): IconImage => ({ size, png: Buffer.concat([PNG_SIGNATURE, Buffer.alloc(25)]), rgba: new Uint8Array(size * size * 4) });

  it('refuse what the formats cannot hold', () => {
    expect(() => icoFromImages([image(512)])).toThrow(/at most 256/);
    expect(() => icoFromImages([{ ...image(16), rgba: new Uint8Array(3) }])).toThrow(/RGBA bytes/);
    expect(() => icnsFromImages([image(16)])).toThrow(/needs a 32 px image/);
  });
});
