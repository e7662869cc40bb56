import { describe, expect, it } from 'vitest';
import { buildSelfCheck, type SelfCheckInput } from '../../src/engine/self-check.js';
import type { ScaledVoxels } from '../../src/volume/volume.js';

const DIMS: [number, number, number] = [10, 10, 10];
const N = 1000;
const affine = Float64Array.of(2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1);
const region = (from: number, to: number) => new Uint8Array(N).map((_, index) => (index >= from && index < to ? 1 : 0));

/** An original of all 100s; brain = voxels 0–399, face = 600–699, ears = 800–849. */
function scenario(removed: (index: number) => boolean, overrides: Partial<SelfCheckInput> = {}): SelfCheckInput {
  const voxels = (stored: Float32Array): ScaledVoxels => ({ dims: DIMS, affine, stored, slope: 1, inter: 0, nonFiniteFill: 0, exact: true });
  const original = voxels(new Float32Array(N).fill(100));
  const defaced = voxels(original.stored.map((value, index) => (removed(index) ? 0 : value)) as Float32Array);
  return {
    engine: { name: 'test', version: '0' },
    parameters: { removeEars: true, marginMm: 10, removeNeck: false },
    input: { path: '/in.nii', sha256: 'a'.repeat(64), size: 1000, mtimeMs: 1 },
    output: { path: '/out.nii', sha256: 'b'.repeat(64), size: 1000, mtimeMs: 2 },
    original,
    defaced,
    headerUnchanged: true,
    fillValue: 0,
    anatomy: { headMask: region(0, 900), brainMask: region(0, 400), faceRegion: region(600, 700), earRegion: region(800, 850) },
    warnings: [],
    timings: { totalMs: 10, stagesMs: {} },
    recognizability: null,
    ...overrides,
  };
}

describe('the deface self-check', () => {
  it('passes when face and ears are gone and the brain is untouched, and measures the removed volume', () => {
    const check = buildSelfCheck(scenario((index) => (index >= 600 && index < 700) || (index >= 800 && index < 850)));
    expect(check).toMatchObject({
      verdict: 'pass',
      reasons: [],
      geometryUnchanged: true,
      brainVoxelsChanged: 0,
      brainVoxels: 400,
      faceRegionRemovedFraction: 1,
      earRegionRemovedFraction: 1,
    });
    // Voxels 850–899 of the removed ears are inside the head; voxels ≥ 900 would be air and not count.
    expect(check.removedVolumeMl).toBeCloseTo((150 * 8) / 1000);
    expect(buildSelfCheck(scenario((index) => index >= 600)).removedVolumeMl).toBeCloseTo((300 * 8) / 1000);
  });

  it('fails when any brain voxel changed', () => {
    const check = buildSelfCheck(scenario((index) => index === 5 || index >= 600));
    expect(check.verdict).toBe('fail');
    expect(check.brainVoxelsChanged).toBe(1);
    expect(check.reasons[0]).toMatch(/1 voxels of the estimated brain changed/);
  });

  it('fails when the face is mostly still there, warns when a little is', () => {
    expect(buildSelfCheck(scenario((index) => index >= 600 && index < 640)).verdict).toBe('fail');
    const partly = buildSelfCheck(scenario((index) => (index >= 600 && index < 690) || index >= 800));
    expect(partly.verdict).toBe('warn');
    expect(partly.faceRegionRemovedFraction).toBeCloseTo(0.9);
  });

  it('fails when the output geometry differs', () => {
    const input = scenario((index) => index >= 600);
    const moved = { ...input, defaced: { ...input.defaced, affine: Float64Array.of(2, 0, 0, 5, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1) } };
    expect(buildSelfCheck(moved)).toMatchObject({ verdict: 'fail', geometryUnchanged: false });
    expect(buildSelfCheck({ ...input, headerUnchanged: false }).verdict).toBe('fail');
  });

  it('warns, saying why, when there was no face or no ear to verify, or the reader warned', () => {
    const noFace = buildSelfCheck(scenario((index) => index >= 800, { anatomy: { headMask: region(0, 900), brainMask: region(0, 400), faceRegion: region(0, 0), earRegion: region(800, 850) } }));
    expect(noFace.verdict).toBe('warn');
    expect(noFace.reasons.join(' ')).toMatch(/No face region was found/);
    const earsKept = buildSelfCheck(scenario((index) => index >= 600 && index < 700));
    expect(earsKept.verdict).toBe('warn');
    expect(earsKept.earRegionRemovedFraction).toBe(0);
    const warned = buildSelfCheck(scenario((index) => index >= 600, { warnings: ['in.nii: 3 NaN voxels were replaced by 0.'] }));
    expect(warned).toMatchObject({ verdict: 'warn', reasons: ['in.nii: 3 NaN voxels were replaced by 0.'] });
  });

  it('reports ears as not applicable when de-earing was not asked for', () => {
    const check = buildSelfCheck(scenario((index) => index >= 600 && index < 700, { anatomy: { headMask: region(0, 900), brainMask: region(0, 400), faceRegion: region(600, 700), earRegion: null } }));
    expect(check).toMatchObject({ verdict: 'pass', earRegionRemovedFraction: null });
  });
});
