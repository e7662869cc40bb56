/**
 * QC pictures like `fsl_deface -p`: the head surface from the front and from each side, before | after,
 * rendered from the image's own affine at 1 mm per pixel.
 */
import { writeFile } from 'node:fs/promises';
import { encodeGrayPng, sideBySide } from '../image/png.js';
import { maskCentroid, maskField, prepareSurface, renderSurface } from '../qc/surface-render.js';
import type { Affine } from '../volume/volume.js';

// Both sides, not one: de-earing must be seen on each ear.
const VIEWS = [
  { suffix: 'front', yawDegrees: 0 },
  { suffix: 'left', yawDegrees: 90 },
  { suffix: 'right', yawDegrees: -90 },
] as const;

/**
 * Writes `PREFIX_front.png`, `PREFIX_left.png` and `PREFIX_right.png` and returns their paths.
 *
 * @example
 * await writeQcPictures('/qc/sub-01', image, headMask, removalMask); // ['/qc/sub-01_front.png', …]
 */
export async function writeQcPictures(
  prefix: string,
  grid: { dims: [number, number, number]; affine: Affine },
  headMask: Uint8Array,
  removalMask: Uint8Array,
): Promise<string[]> {
  const kept = headMask.map((inside, index) => (inside && !removalMask[index] ? 1 : 0));
  const before = { dims: grid.dims, affine: grid.affine, mask: headMask };
  const after = { dims: grid.dims, affine: grid.affine, mask: kept };
  const center = maskCentroid(before);
  const [beforeSurface, afterSurface] = [before, after].map((grid) => prepareSurface(maskField(grid)));
  const written: string[] = [];
  for (const view of VIEWS) {
    const pair = sideBySide([renderSurface(beforeSurface, { ...view, center }), renderSurface(afterSurface, { ...view, center })], 8);
    const file = `${prefix}_${view.suffix}.png`;
    await writeFile(file, encodeGrayPng(pair));
    written.push(file);
  }
  return written;
}
