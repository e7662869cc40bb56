/**
 * The FSL engine against a stand-in fsl_deface (test/fixtures/fake-fsl): FSL is not installed here, so
 * these tests prove Veil's side — finding FSL, the command line, FSLOUTPUTTYPE, atomic outputs, the
 * self-check on FSL's output, failures, time limits and cancellation of the whole process tree.
 */
import { chmod, copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DEFACE_PARAMETERS, SelfCheckSchema } from '../../src/api/deface.js';
import { VeilError } from '../../src/api/result.js';
import { CancelledError, type DefaceProgress, type DefaceRequest } from '../../src/engine/engine.js';
import { createFslEngine, type FslEngineOptions } from '../../src/engine/fsl/fsl-engine.js';
import { writeNifti } from '../fixtures/nifti-encode.js';
import { generatePhantom } from '../fixtures/phantom.js';
import { makeTempDir } from '../support/temp-dir.js';

const FAKE_FSLDIR = fileURLToPath(new URL('../fixtures/fake-fsl', import.meta.url));
const FAKE_FSL_DEFACE = path.join(FAKE_FSLDIR, 'bin', 'fsl_deface');
const FAKE_VERSION = '6.0.7.9-fake';
/** Enough PATH for `#!/usr/bin/env node` and `sleep`, without any fsl_deface on it. */
const BASE_PATH = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
const NOT_STARTED = { aborted: false };

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let phantomFile: string;

beforeAll(async () => {
  // The stand-in is run straight from the source tree: it must stay executable there.
  await chmod(FAKE_FSL_DEFACE, 0o755);
});

beforeEach(async () => {
  tmp = await makeTempDir('veil-fsl-');
  phantomFile = path.join(tmp.path, 'sub-01_T1w.nii');
  writeNifti(phantomFile, generatePhantom({ voxelSize: [2, 2, 2] }));
});

afterEach(async () => {
  await tmp.remove();
});

/** An engine on the stand-in, found through FSLDIR, misbehaving as `mode` says; its log lines are collected. */
function fakeFsl(mode = '', options: FslEngineOptions = {}, extraEnv: Record<string, string> = {}) {
  const log: string[] = [];
  const engine = createFslEngine({
    env: { PATH: BASE_PATH, FSLDIR: FAKE_FSLDIR, FAKE_FSL_MODE: mode, ...extraEnv },
    onLog: (line) => log.push(line),
    ...options,
  });
  return { engine, log };
}

function request(output: string, extra: Partial<DefaceRequest> = {}): DefaceRequest {
  return { input: phantomFile, output: path.join(tmp.path, output), parameters: { ...DEFAULT_DEFACE_PARAMETERS, removeEars: false }, skipRecognizability: true, ...extra };
}

/** The files in the temporary folder, hidden temporary ones included. */
async function filesInTmp(): Promise<string[]> {
  return (await readdir(tmp.path)).sort();
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ESRCH');
    return false;
  }
}

/** The stand-in writes `fsl_deface (fake) pid N argv: [...]` first. */
function fakePid(log: string[]): number {
  const match = /pid (\d+) argv/.exec(log.join('\n'));
  expect(match).not.toBeNull();
  return Number(match?.[1]);
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('Timed out waiting.');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('finding fsl_deface', () => {
  it('finds it through FSLDIR and reads the version from $FSLDIR/etc/fslversion', async () => {
    const engine = createFslEngine({ env: { FSLDIR: FAKE_FSLDIR, PATH: BASE_PATH } });
    expect(engine.name).toBe('fsl');
    expect(await engine.detect()).toEqual({ available: true, version: FAKE_VERSION });
  });

  it('finds it on PATH, with the version of the installation it sits in, or "unknown" outside one', async () => {
    const inInstallation = createFslEngine({ env: { PATH: [BASE_PATH, path.join(FAKE_FSLDIR, 'bin')].join(path.delimiter) } });
    expect(await inInstallation.detect()).toEqual({ available: true, version: FAKE_VERSION });

    const loneBin = path.join(tmp.path, 'bin');
    await mkdir(loneBin);
    await copyFile(FAKE_FSL_DEFACE, path.join(loneBin, 'fsl_deface'));
    await chmod(path.join(loneBin, 'fsl_deface'), 0o755);
    const alone = createFslEngine({ env: { PATH: [BASE_PATH, loneBin].join(path.delimiter) } });
    expect(await alone.detect()).toEqual({ available: true, version: 'unknown' });
  });

  it('uses an explicit path before anything else', async () => {
    const engine = createFslEngine({ executable: FAKE_FSL_DEFACE, env: { PATH: BASE_PATH } });
    expect(await engine.detect()).toEqual({ available: true, version: FAKE_VERSION });
  });

  it('says why it is unavailable, and a run fails with that reason', async () => {
    const nowhere = createFslEngine({ env: { PATH: BASE_PATH } });
    const detected = await nowhere.detect();
    expect(detected.available).toBe(false);
    expect(detected.reason).toMatch(/FSLDIR is not set and it is not on PATH/);
    await expect(nowhere.run(request('out.nii'), () => undefined, NOT_STARTED)).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    const wrongDir = await createFslEngine({ env: { FSLDIR: tmp.path, PATH: BASE_PATH } }).detect();
    expect(wrongDir.reason).toMatch(/not in FSLDIR/);
    const badPath = await createFslEngine({ executable: path.join(tmp.path, 'missing'), env: {} }).detect();
    expect(badPath).toMatchObject({ available: false, reason: expect.stringMatching(/is not an executable file/) });
  });
});

describe('a successful fsl_deface run', () => {
  it.each([
    ['out.nii', false],
    ['out.nii.gz', true],
  ])('writes %s atomically, self-checked by Veil, with FSL’s version in the sidecar', async (name, gzipped) => {
    const { engine, log } = fakeFsl();
    const progress: DefaceProgress[] = [];
    const outcome = await engine.run(request(name), (step) => progress.push(step), NOT_STARTED);

    const output = path.join(tmp.path, name);
    const bytes = await readFile(output);
    expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzipped);
    expect(await filesInTmp()).toEqual(['out.veil.json', name, 'sub-01_T1w.nii'].sort());
    expect(log).toContain('fsl_deface (fake): done');

    const sidecar = SelfCheckSchema.parse(JSON.parse(await readFile(outcome.sidecar, 'utf8')));
    expect(outcome.sidecar).toBe(path.join(tmp.path, 'out.veil.json'));
    expect(sidecar.engine).toEqual({ name: 'fsl', version: FAKE_VERSION });
    expect(sidecar.output.path).toBe(output);
    expect(sidecar.input.path).toBe(phantomFile);
    expect(typeof sidecar.brainVoxelsChanged).toBe('number');
    expect(sidecar.geometryUnchanged).toBe(true);
    expect(sidecar.earRegionRemovedFraction).toBeNull();
    expect(sidecar.faceRegionRemovedFraction).toBeGreaterThan(0);
    expect(Object.keys(sidecar.timings.stagesMs)).toEqual(['fsl', 'self-check']);
    expect(outcome.selfCheck).toEqual(sidecar);
    expect(outcome.qcPictures).toEqual([]);

    expect(progress[0]).toEqual({ stage: 'fsl', fraction: 0 });
    expect(progress.map((step) => step.stage)).toEqual(['fsl', 'fsl', 'self-check', 'self-check']);
    expect(progress.at(-1)).toEqual({ stage: 'self-check', fraction: 1 });
  });

  it('converts FSL’s output when it is not the compression asked for (FSLOUTPUTTYPE ignored)', async () => {
    const { engine } = fakeFsl('wrong-type');
    await engine.run(request('out.nii'), () => undefined, NOT_STARTED);
    const bytes = await readFile(path.join(tmp.path, 'out.nii'));
    expect(bytes.readInt32LE(0)).toBe(348);
    expect(await filesInTmp()).toEqual(['out.nii', 'out.veil.json', 'sub-01_T1w.nii']);
  });

  it('passes its options, the mask and the QC prefix through to fsl_deface', async () => {
    const { engine, log } = fakeFsl('', { fsl: { fractionalIntensity: 0.3, biasCorrect: true } });
    const qcPrefix = path.join(tmp.path, 'qc');
    const outcome = await engine.run(
      request('out.nii.gz', { maskOut: path.join(tmp.path, 'mask.nii'), qcPngPrefix: qcPrefix }),
      () => undefined,
      NOT_STARTED,
    );
    const argv = JSON.parse(/argv: (.*)$/m.exec(log.join('\n'))?.[1] ?? '[]') as string[];
    expect(argv[0]).toBe(phantomFile);
    expect(path.dirname(argv[1])).toBe(tmp.path);
    expect(path.basename(argv[1])).toMatch(/^\.out\.[0-9a-f]{12}$/);
    expect(argv.slice(2, 5)).toEqual(['-f', '0.3', '-B']);
    expect(argv[5]).toBe('-d');
    expect(path.basename(argv[6])).toMatch(/^\.mask\.[0-9a-f]{12}$/);
    expect(argv.slice(7)).toEqual(['-p', qcPrefix]);

    // The mask came as .nii.gz (FSLOUTPUTTYPE follows the output) and was settled to the .nii asked for.
    expect((await readFile(path.join(tmp.path, 'mask.nii'))).readInt32LE(0)).toBe(348);
    expect(outcome.qcPictures).toEqual([`${qcPrefix}_1.png`, `${qcPrefix}_2.png`]);
    expect(await filesInTmp()).toEqual(['mask.nii', 'out.nii.gz', 'out.veil.json', 'qc_1.png', 'qc_2.png', 'sub-01_T1w.nii']);
  });

  it('refuses a brain mask output, which fsl_deface cannot write', async () => {
    const { engine } = fakeFsl();
    await expect(engine.run(request('out.nii', { brainOut: path.join(tmp.path, 'brain.nii') }), () => undefined, NOT_STARTED)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
  });
});

describe('a failing fsl_deface run', () => {
  it('reports a non-zero exit with the input and FSL’s last messages, and leaves nothing behind', async () => {
    const { engine } = fakeFsl('fail');
    const error = await engine.run(request('out.nii.gz'), () => undefined, NOT_STARTED).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VeilError);
    expect((error as VeilError).message).toContain(`fsl_deface on ${phantomFile} failed with exit code 1`);
    expect((error as VeilError).message).toContain(`Failed to read volume ${phantomFile}`);
    expect((error as VeilError).message).toContain("terminate called after throwing an instance of 'std::runtime_error'");
    expect(await filesInTmp()).toEqual(['sub-01_T1w.nii']);
  });

  it('fails when fsl_deface exits 0 without writing its output', async () => {
    const { engine } = fakeFsl('no-output');
    await expect(engine.run(request('out.nii'), () => undefined, NOT_STARTED)).rejects.toThrow(/exited without writing .*out\.nii/);
    expect(await filesInTmp()).toEqual(['sub-01_T1w.nii']);
  });

  it('refuses an output made from an input that changed while fsl_deface ran, and leaves nothing behind', async () => {
    const { engine } = fakeFsl('input-changes');
    const run = engine.run(request('out.nii'), () => undefined, NOT_STARTED);
    await expect(run).rejects.toThrow(VeilError);
    await expect(run).rejects.toThrow(/sub-01_T1w\.nii changed while fsl was defacing it/);
    expect(await filesInTmp()).toEqual(['sub-01_T1w.nii']);
  });

  it('stops a run that exceeds its time limit, and the process is gone', async () => {
    const { engine, log } = fakeFsl('hang', { timeoutMs: 1_000, killGraceMs: 500 });
    await expect(engine.run(request('out.nii'), () => undefined, NOT_STARTED)).rejects.toThrow(/was stopped after 1 s, its time limit/);
    expect(isRunning(fakePid(log))).toBe(false);
    expect(await filesInTmp()).toEqual(['sub-01_T1w.nii']);
  });

  it('cancels: the whole process tree is killed, grandchildren included, and nothing is left behind', async () => {
    const pidFile = path.join(tmp.path, 'grandchild.pid');
    const { engine, log } = fakeFsl('spawn-child', { killGraceMs: 2_000 }, { FAKE_FSL_PIDFILE: pidFile });
    const cancellation = { aborted: false };
    const running = engine.run(request('out.nii'), () => undefined, cancellation);
    const grandchild = await waitFor(async () => {
      const text = await readFile(pidFile, 'utf8').catch(() => '');
      return text ? Number(text) : undefined;
    });
    expect(isRunning(grandchild)).toBe(true);
    cancellation.aborted = true;
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect(isRunning(fakePid(log))).toBe(false);
    expect(isRunning(grandchild)).toBe(false);
    expect(await filesInTmp()).toEqual(['grandchild.pid', 'sub-01_T1w.nii']);
  });
});
