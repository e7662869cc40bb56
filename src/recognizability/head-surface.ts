/**
 * The skin surface of a head image as an attacker would render it: the iso-surface of the
 * intensities (block-averaged to about 2 mm) at the head/air threshold, kept only on the largest connected object, so
 * noise specks in the air, detached markers and the scanner bed cannot hide the face or draw one.
 */
import { largestSolidComponent } from '../engine/native/components.js';
import { downsampleVolume } from '../engine/native/downsample.js';
import { headThreshold } from '../engine/native/head-mask.js';
import { runsAtOrBelow } from '../engine/native/row-runs.js';
import { dilateByOneVoxel, type SurfaceField } from '../qc/surface-render.js';
import { voxelToWorld, type ScaledVoxels } from '../volume/volume.js';

/** A head's surface field and the mask of the object it was taken from. */
export interface HeadSurface {
  field: SurfaceField;
  /** 1 on the head (largest bright object, holes filled). */
  mask: Uint8Array;
  /** The head grown by one voxel: where the field can reach the threshold (for prepareSurface). */
  near: Uint8Array;
}

/**
 * The surface is taken on a copy of about this voxel size (blocks of voxels averaged, as the
 * engine's 2 mm copy): averaging calms noise like a light blur, and the copy has an eighth of the
 * voxels of a 1 mm image. At full resolution the surface took 450 ms of CPU per 0.88 mm head (twice
 * per check) and found faces on the same real subjects (5 of 7; see README).
 */
const SURFACE_VOXEL_MM = 2;

/**
 * Extracts the head surface of an image (its voxels as stored, or a Float32 volume through
 * volumeVoxels) at its own head/air threshold (Otsu on the 2 mm copy, as the engine's head mask).
 * The field lives on the 2 mm copy's grid and affine.
 *
 * @example
 * const head = extractHeadSurface(scaledVoxels(await readNifti('sub-01_T1w.nii.gz')));
 * const front = renderSurface(prepareSurface(head.field, head.near), { yawDegrees: 0, center: faceViewCenter(head) });
 */
export function extractHeadSurface(image: ScaledVoxels): HeadSurface {
  const volume = downsampleVolume(image, SURFACE_VOXEL_MM);
  const smoothed = volume.data;
  const threshold = headThreshold(smoothed);
  // The engine's own head object: holes filled, then the largest 6-connected piece.
  const grid: ScaledVoxels = { dims: volume.dims, affine: volume.affine, stored: smoothed, slope: 1, inter: 0, nonFiniteFill: 0, exact: true };
  const head = largestSolidComponent(runsAtOrBelow(grid, threshold), volume.dims);
  const mask = new Uint8Array(smoothed.length);
  const { rowStart, first, end } = head.runs;
  const nx = volume.dims[0];
  for (let row = 0; row + 1 < rowStart.length; row++) {
    for (let run = rowStart[row]; run < rowStart[row + 1]; run++) mask.fill(1, row * nx + first[run], row * nx + end[run]);
  }
  // Keep the intensities on the head and one voxel around it (where the field crosses the threshold);
  // everything farther out is air to the renderer. Voxels next to the head are below the threshold
  // (else they would belong to it), so the renderer can skip through everything else.
  const near = dilateByOneVoxel(mask, volume.dims);
  const values = new Float32Array(smoothed.length);
  for (let index = 0; index < values.length; index++) if (near[index]) values[index] = smoothed[index];
  return { field: { dims: volume.dims, affine: volume.affine, values, iso: threshold }, mask, near };
}

/** Picture height above and below the eyes: the head's top is about 110 mm above the nose tip. */
const TOP_TO_VIEW_CENTER_MM = 110;
/** The part of the head whose centre (left–right, front–back) the views turn around. */
const CRANIUM_DEPTH_MM = 150;

/**
 * The world point the face views are centred on: left–right and front–back at the centre of the
 * upper head, 110 mm below its top. The mask's centroid (used for QC pictures) moves down with a
 * long neck in the field of view and pushed the chin off the picture of a head with 20 cm of neck.
 *
 * @example
 * const center = faceViewCenter(extractHeadSurface(original)); // same centre for the defaced image
 */
export function faceViewCenter(head: HeadSurface): [number, number, number] {
  const { dims, affine } = head.field;
  const [nx, ny, nz] = dims;
  // Every other voxel along each axis: the centre does not need more, and it costs an eighth.
  const sampled: [number, number, number][] = [];
  for (let k = 0; k < nz; k += 2) {
    for (let j = 0; j < ny; j += 2) {
      for (let i = 0, index = nx * (j + ny * k); i < nx; i += 2, index += 2) {
        if (head.mask[index]) sampled.push(voxelToWorld(affine, i, j, k));
      }
    }
  }
  if (sampled.length === 0) return voxelToWorld(affine, (nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2);
  const top = sampled.reduce((highest, point) => Math.max(highest, point[2]), Number.NEGATIVE_INFINITY);
  const upper = sampled.filter((point) => point[2] >= top - CRANIUM_DEPTH_MM);
  const mean = (axis: number) => upper.reduce((sum, point) => sum + point[axis], 0) / upper.length;
  return [mean(0), mean(1), top - TOP_TO_VIEW_CENTER_MM];
}
