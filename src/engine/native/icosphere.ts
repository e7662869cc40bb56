/**
 * A unit icosphere (subdivided icosahedron) with outward-oriented triangles and each vertex's
 * neighbours in compressed rows: the starting mesh of the brain surface. 4 subdivisions give 2562
 * vertices (~2.7 mm apart on a brain-sized sphere), the resolution BET uses.
 */

export interface TriangleMesh {
  /** x, y, z per vertex. */
  positions: Float64Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside. */
  triangles: Uint32Array;
  /** Neighbours of vertex v are neighbours[neighbourStart[v] … neighbourStart[v + 1] − 1]. */
  neighbourStart: Int32Array;
  neighbours: Int32Array;
  /**
   * For vertices added by the last subdivision (index ≥ parents.firstChild), the two vertices of
   * the coarser sphere whose midpoint they are: child v has parents parents.pairs[2(v − firstChild)]
   * and parents.pairs[2(v − firstChild) + 1]. Vertices below firstChild are the coarser sphere's.
   */
  parents: { firstChild: number; pairs: Uint32Array };
}

/**
 * Builds the icosphere; vertex count = 10·4^subdivisions + 2.
 *
 * @example
 * const sphere = createIcosphere(4); // 2562 vertices, 5120 triangles
 */
export function createIcosphere(subdivisions: number): TriangleMesh {
  const t = (1 + Math.sqrt(5)) / 2;
  const points: number[] = [
    -1, t, 0, 1, t, 0, -1, -t, 0, 1, -t, 0,
    0, -1, t, 0, 1, t, 0, -1, -t, 0, 1, -t,
    t, 0, -1, t, 0, 1, -t, 0, -1, -t, 0, 1,
  ];
  let faces: number[] = [
    0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11,
    1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8,
    3, 9, 4, 3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9,
    4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1,
  ];
  for (let vertex = 0; vertex < points.length; vertex += 3) normalizeInPlace(points, vertex);
  let firstChild = 0;
  let pairs: number[] = [];
  for (let level = 0; level < subdivisions; level++) {
    firstChild = points.length / 3;
    pairs = [];
    const midpointOf = new Map<number, number>();
    const midpoint = (a: number, b: number): number => {
      const key = a < b ? a * 1_000_003 + b : b * 1_000_003 + a;
      const known = midpointOf.get(key);
      if (known !== undefined) return known;
      const index = points.length / 3;
      points.push((points[a * 3] + points[b * 3]) / 2, (points[a * 3 + 1] + points[b * 3 + 1]) / 2, (points[a * 3 + 2] + points[b * 3 + 2]) / 2);
      normalizeInPlace(points, index * 3);
      midpointOf.set(key, index);
      pairs.push(a, b);
      return index;
    };
    const next: number[] = [];
    for (let face = 0; face < faces.length; face += 3) {
      const [a, b, c] = [faces[face], faces[face + 1], faces[face + 2]];
      const [ab, bc, ca] = [midpoint(a, b), midpoint(b, c), midpoint(c, a)];
      next.push(a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca);
    }
    faces = next;
  }
  const triangles = Uint32Array.from(faces);
  const { neighbourStart, neighbours } = neighbourRows(points.length / 3, triangles);
  return { positions: Float64Array.from(points), triangles, neighbourStart, neighbours, parents: { firstChild, pairs: Uint32Array.from(pairs) } };
}

function normalizeInPlace(points: number[], offset: number): void {
  const length = Math.hypot(points[offset], points[offset + 1], points[offset + 2]);
  points[offset] /= length;
  points[offset + 1] /= length;
  points[offset + 2] /= length;
}

/**
 * Each vertex's distinct neighbours, from the triangle edges, in ascending order. In a closed,
 * consistently oriented mesh every edge a → b appears in exactly one triangle (b → a in its
 * neighbour), so the edges leaving a vertex list its neighbours once each: no sets needed (a
 * Set per vertex made the first sphere of a run take 10–25 ms).
 */
function neighbourRows(vertexCount: number, triangles: Uint32Array): { neighbourStart: Int32Array; neighbours: Int32Array } {
  const neighbourStart = new Int32Array(vertexCount + 1);
  for (let corner = 0; corner < triangles.length; corner++) neighbourStart[triangles[corner] + 1]++;
  for (let vertex = 0; vertex < vertexCount; vertex++) neighbourStart[vertex + 1] += neighbourStart[vertex];
  const neighbours = new Int32Array(neighbourStart[vertexCount]);
  const filled = neighbourStart.slice(0, vertexCount);
  for (let face = 0; face < triangles.length; face += 3) {
    for (let corner = 0; corner < 3; corner++) {
      neighbours[filled[triangles[face + corner]]++] = triangles[face + ((corner + 1) % 3)];
    }
  }
  for (let vertex = 0; vertex < vertexCount; vertex++) neighbours.subarray(neighbourStart[vertex], neighbourStart[vertex + 1]).sort();
  return { neighbourStart, neighbours };
}
