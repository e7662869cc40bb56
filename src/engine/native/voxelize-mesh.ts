/**
 * Turns a closed triangle mesh (world mm) into the voxels of any grid inside it, by ray parity:
 * every row of voxels along i is a ray; the mesh's crossings of that ray are collected per row and
 * the voxels between pairs of crossings are inside. O(triangles × rows they cover). The answer is
 * runs, which is what the distance queries and overlap counts use; the mask is written from them.
 */
import { invertAffine } from '../../volume/volume.js';
import type { GridGeometry } from './grid.js';
import { RunCollector, type RowRuns } from './row-runs.js';

/**
 * Rows are cast a hair off the voxel centres so that no ray passes exactly through a mesh vertex or
 * edge (which would count one crossing twice); the offsets are fixed, so the result is deterministic.
 */
const RAY_OFFSET_J = 1.3e-4;
const RAY_OFFSET_K = 2.9e-4;

/**
 * Voxels whose centre is inside the mesh, as runs (disjoint, ascending along each row).
 *
 * @example
 * const brainMask = runsToMask(voxelizeMesh(surface.positions, surface.triangles, volume), volume.dims); // 1 = inside
 */
export function voxelizeMesh(positions: Float64Array, triangles: Uint32Array, grid: GridGeometry): RowRuns {
  const [nx, ny, nz] = grid.dims;
  const m = invertAffine(grid.affine);
  const vertexCount = positions.length / 3;
  const voxel = new Float64Array(positions.length);
  for (let vertex = 0; vertex < vertexCount; vertex++) {
    const [x, y, z] = [positions[vertex * 3], positions[vertex * 3 + 1], positions[vertex * 3 + 2]];
    for (let row = 0; row < 3; row++) voxel[vertex * 3 + row] = m[row * 4] * x + m[row * 4 + 1] * y + m[row * 4 + 2] * z + m[row * 4 + 3];
  }
  const rows = ny * nz;
  // Two passes: count crossings per row, then store them in compressed rows.
  const rowStart = new Uint32Array(rows + 1);
  forEachCrossing(voxel, triangles, ny, nz, (row) => {
    rowStart[row + 1]++;
  });
  for (let row = 0; row < rows; row++) rowStart[row + 1] += rowStart[row];
  const crossings = new Float64Array(rowStart[rows]);
  const filled = new Uint32Array(rows);
  forEachCrossing(voxel, triangles, ny, nz, (row, i) => {
    crossings[rowStart[row] + filled[row]++] = i;
  });

  const inside = new RunCollector(rows);
  for (let row = 0; row < rows; row++) {
    const sorted = crossings.subarray(rowStart[row], rowStart[row + 1]).sort();
    // Runs [from, end); a pair that starts where the previous one ended extends it.
    let from = -1;
    let end = -1;
    for (let pair = 0; pair + 1 < sorted.length; pair += 2) {
      const first = Math.max(0, Math.ceil(sorted[pair]));
      const last = Math.min(nx - 1, Math.floor(sorted[pair + 1]));
      if (first > last) continue;
      if (first <= end) {
        end = Math.max(end, last + 1);
        continue;
      }
      if (end > from) inside.add(from, end);
      from = first;
      end = last + 1;
    }
    if (end > from) inside.add(from, end);
    inside.endRow(row);
  }
  return inside.runs();
}

/** Calls `visit(row, i)` for every crossing of a triangle with a row ray (j, k fixed, along i). */
function forEachCrossing(voxel: Float64Array, triangles: Uint32Array, ny: number, nz: number, visit: (row: number, i: number) => void): void {
  for (let face = 0; face < triangles.length; face += 3) {
    const a = triangles[face] * 3;
    const b = triangles[face + 1] * 3;
    const c = triangles[face + 2] * 3;
    const [aj, ak, bj, bk, cj, ck] = [voxel[a + 1], voxel[a + 2], voxel[b + 1], voxel[b + 2], voxel[c + 1], voxel[c + 2]];
    // Signed area of the triangle projected onto the (j, k) plane; edge-on triangles add nothing.
    const area = (bj - aj) * (ck - ak) - (bk - ak) * (cj - aj);
    if (area === 0) continue;
    const jFirst = Math.max(0, Math.ceil(Math.min(aj, bj, cj) - RAY_OFFSET_J));
    const jLast = Math.min(ny - 1, Math.floor(Math.max(aj, bj, cj) - RAY_OFFSET_J));
    const kFirst = Math.max(0, Math.ceil(Math.min(ak, bk, ck) - RAY_OFFSET_K));
    const kLast = Math.min(nz - 1, Math.floor(Math.max(ak, bk, ck) - RAY_OFFSET_K));
    for (let k = kFirst; k <= kLast; k++) {
      const rk = k + RAY_OFFSET_K;
      for (let j = jFirst; j <= jLast; j++) {
        const rj = j + RAY_OFFSET_J;
        // Barycentric weights of the ray's (j, k) in the projected triangle.
        const wa = ((bj - rj) * (ck - rk) - (bk - rk) * (cj - rj)) / area;
        const wb = ((cj - rj) * (ak - rk) - (ck - rk) * (aj - rj)) / area;
        const wc = 1 - wa - wb;
        if (wa < 0 || wb < 0 || wc < 0) continue;
        visit(k * ny + j, wa * voxel[a] + wb * voxel[b] + wc * voxel[c]);
      }
    }
  }
}
