/**
 * The two niivue viewers of the Compare view, original | defaced, created once per window and reused
 * for every pair: each Niivue instance holds a WebGL context that is never released, and browsers cap
 * live contexts (~16), so switching images must not create viewers. Plain TypeScript, no React: the
 * component only hands over its two canvases, which must then stay in the DOM (niivue drops its
 * listeners when its canvas is removed).
 */
import { Niivue, NVImage, SHOW_RENDER, SLICE_TYPE } from '@niivue/niivue';

export type ViewerLayout = 'multiplanar' | '3d';
export type ViewPreset = 'face' | 'left' | 'right' | 'top';
export type SnapshotView = 'face-3d' | 'mid-sagittal';

/** Camera of each 3D preset, [azimuth, elevation] in niivue's degrees (checked on phantom renders: 180 faces the nose). */
export const PRESET_CAMERA: Record<ViewPreset, readonly [number, number]> = {
  face: [180, 0],
  left: [90, 0],
  right: [270, 0],
  top: [180, 90],
};

/** Clip depth that niivue treats as "no clip plane". */
const NO_CLIP_DEPTH = 2;

/** The removed-tissue overlay: translucent red, 1 = removed. */
const REMOVED_COLORMAP = 'red';
const REMOVED_OPACITY = 0.55;

/** What both viewers keep in step: crosshair (world mm), pan/zoom, slice type, 3D camera, clip plane and windowing. */
const SYNC = { '2d': true, '3d': true, crosshair: true, zoomPan: true, sliceType: true, clipPlane: true, cal_min: true, cal_max: true } as const;

export interface VolumeBytes {
  /** A file name ending in .nii or .nii.gz: niivue picks the decoder by it. */
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface PairToShow {
  /** Null clears the side (its bytes could not be read). */
  original: VolumeBytes | null;
  defaced: VolumeBytes | null;
}

/** World coordinates (mm) of a viewer's crosshair; null while it shows no image. */
export type Crosshair = readonly [number, number, number] | null;

export interface Crosshairs {
  original: Crosshair;
  defaced: Crosshair;
}

/** Why one side could not be shown; null for a side that loaded. */
export interface PairLoadErrors {
  original: string | null;
  defaced: string | null;
}

/**
 * True when this browser can give a canvas a WebGL2 context (niivue needs it).
 *
 * @example
 * if (!webgl2Available()) showMessage('WebGL2 is not available');
 */
export function webgl2Available(): boolean {
  return document.createElement('canvas').getContext('webgl2') !== null;
}

function newViewer(): Niivue {
  return new Niivue({
    backColor: [0, 0, 0, 1],
    show3Dcrosshair: true,
    multiplanarShowRender: SHOW_RENDER.ALWAYS,
    isColorbar: false,
    dragAndDropEnabled: false,
    loadingText: '',
    logLevel: 'error',
  });
}

/**
 * niivue 0.69 rebuilds a gradient texture (a blur and a Sobel pass over every voxel) on each volume
 * update, but only its lit render shaders read it (gradientAmount or gradientOpacity above 0); these
 * viewers use the matte one and never change that, nor draw (the blur shader's other user). In
 * software WebGL the two passes were 4.1 s of the 5.3 s a 1 mm head took to reach the GPU (MNI152,
 * headless Chromium + SwiftShader). Both passes get a program whose vertices all land outside the
 * clip volume, so no fragment is computed; the texture keeps its storage and is never sampled.
 */
function skipGradientPasses(viewer: Niivue): void {
  const { gl } = viewer;
  const program = gl.createProgram();
  for (const [type, source] of [
    [gl.VERTEX_SHADER, '#version 300 es\nvoid main() { gl_Position = vec4(0.0); }'],
    [gl.FRAGMENT_SHADER, '#version 300 es\nprecision lowp float;\nout vec4 color;\nvoid main() { color = vec4(0.0); }'],
  ] as const) {
    const shader = gl.createShader(type);
    if (!shader) throw new Error('WebGL could not create a shader.');
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`WebGL could not link a shader: ${gl.getProgramInfoLog(program) ?? ''}`);
  const drawsNothing = { program, uniforms: {}, use: (context: WebGL2RenderingContext) => context.useProgram(program) };
  viewer.blurShader = drawsNothing;
  viewer.gradientPrePassShader = drawsNothing;
  viewer.sobelFirstOrderShader = drawsNothing;
  viewer.sobelSecondOrderShader = drawsNothing;
}

export class ViewerPair {
  readonly #original = newViewer();
  readonly #defaced = newViewer();
  #originalLoaded = false;
  #defacedLoaded = false;
  /** The removed-tissue layer over the defaced image, when loaded. */
  #removedLayer: NVImage | null = null;
  #showRemoved = true;
  #clip = 0;
  #azimuthElevation: readonly [number, number] = PRESET_CAMERA.face;
  #reportCrosshairs: () => void = () => undefined;
  #sliceType: SLICE_TYPE = SLICE_TYPE.MULTIPLANAR;

  private constructor() {}

  /**
   * Calls `listener` with both crosshairs (each read from its own viewer) whenever the user moves
   * either one, the other having been synced by then, and after each pair is shown.
   *
   * @example
   * pair.onCrosshairMove(({ original, defaced }) => console.log(original, defaced));
   */
  onCrosshairMove(listener: (crosshairs: Crosshairs) => void): void {
    // niivue reports the moved viewer before it syncs the other: read both once this task is done.
    const report = () => setTimeout(() => listener(this.crosshairs()), 0);
    this.#reportCrosshairs = report;
    this.#original.onLocationChange = report;
    this.#defaced.onLocationChange = report;
  }

  /**
   * Both crosshairs in world mm.
   *
   * @example
   * pair.crosshairs().defaced; // [0.5, -17.5, 18.5]
   */
  crosshairs(): Crosshairs {
    const read = (viewer: Niivue, loaded: boolean): Crosshair => {
      if (!loaded) return null;
      const [x = 0, y = 0, z = 0] = viewer.frac2mm(viewer.scene.crosshairPos);
      return [x, y, z];
    };
    return { original: read(this.#original, this.#originalLoaded), defaced: read(this.#defaced, this.#defacedLoaded) };
  }

  /**
   * Attaches two new viewers to the canvases (both in the DOM) and warms them up: a tiny image
   * goes through every step a pair takes, so the first pair shown is as quick as the next ones.
   *
   * @example
   * const pair = await ViewerPair.attach(leftCanvas, rightCanvas);
   */
  static async attach(originalCanvas: HTMLCanvasElement, defacedCanvas: HTMLCanvasElement): Promise<ViewerPair> {
    const pair = new ViewerPair();
    await Promise.all([pair.#original.attachToCanvas(originalCanvas), pair.#defaced.attachToCanvas(defacedCanvas)]);
    for (const viewer of pair.#viewers()) skipGradientPasses(viewer);
    await pair.#warmUp();
    return pair;
  }

  /**
   * Shows a new pair in the two viewers; a side that fails to load is reported, not thrown.
   *
   * @example
   * const errors = await pair.show({ original, defaced });
   * if (errors.defaced) console.warn(errors.defaced);
   */
  async show(pair: PairToShow): Promise<PairLoadErrors> {
    this.#unlink();
    this.#removedLayer = null;
    // Every niivue draw of a 1 mm head with its 3D tile takes a few hundred ms in software WebGL: the
    // viewers are emptied (a blank draw is cheap), set up, and then draw once each, when loaded.
    for (const viewer of this.#viewers()) {
      removeVolumes(viewer);
      viewer.opts.sliceType = this.#sliceType;
      viewer.drawScene();
    }
    this.#applyCamera();
    const { errors } = await this.#put(pair, null);
    return errors;
  }

  /**
   * Replaces the images shown with finer copies of the same images (the files after their previews),
   * adding the removed-tissue mask (on the original's grid) over the defaced one, in one GPU rebuild
   * per viewer. The crosshair stays at the same world position; zoom, pan and camera are untouched.
   * A side that fails keeps what it showed, and its error is reported.
   *
   * @example
   * const { errors, overlay } = await pair.refine({ original, defaced }, { name: 'removed.nii', bytes });
   */
  async refine(pair: PairToShow, removed: VolumeBytes | null): Promise<{ errors: PairLoadErrors; overlay: OverlayOutcome | null }> {
    this.#removedLayer = null;
    return this.#put(pair, removed);
  }

  /**
   * Multiplanar 2D with a 3D tile, or 3D only, on both sides.
   *
   * @example
   * pair.setLayout('3d');
   */
  setLayout(layout: ViewerLayout): void {
    this.#sliceType = layout === '3d' ? SLICE_TYPE.RENDER : SLICE_TYPE.MULTIPLANAR;
    for (const viewer of this.#viewers()) {
      if (viewer.opts.sliceType !== this.#sliceType) viewer.setSliceType(this.#sliceType);
    }
  }

  /**
   * Turns both 3D cameras (and the clip plane with them) to a preset.
   *
   * @example
   * pair.setPreset('left'); // the left ear
   */
  setPreset(preset: ViewPreset): void {
    this.#azimuthElevation = PRESET_CAMERA[preset];
    this.#applyCamera();
  }

  /**
   * Cuts both 3D renders with a plane facing the camera: 0 is no cut, 1 the deepest.
   *
   * @example
   * pair.setClip(0.3);
   */
  setClip(fraction: number): void {
    this.#clip = Math.min(1, Math.max(0, fraction));
    this.#applyCamera();
  }

  /**
   * Shows or hides the removed tissue (translucent red) on the defaced side.
   *
   * @example
   * pair.setShowRemoved(false);
   */
  setShowRemoved(show: boolean): void {
    this.#showRemoved = show;
    this.#applyRemoved();
  }

  /**
   * A PNG of one view of one side, drawn at the current canvas size, without the removed-tissue
   * overlay; the viewer is put back as it was.
   *
   * @example
   * const png = pair.snapshot('defaced', 'face-3d');
   */
  snapshot(side: 'original' | 'defaced', view: SnapshotView): Uint8Array {
    const viewer = side === 'original' ? this.#original : this.#defaced;
    const saved = {
      sliceType: viewer.opts.sliceType,
      crosshair: [...viewer.scene.crosshairPos] as [number, number, number],
      camera: [viewer.scene.renderAzimuth, viewer.scene.renderElevation] as const,
      clip: [...(viewer.scene.clipPlaneDepthAziElevs[0] ?? [NO_CLIP_DEPTH, 0, 0])],
    };
    // The removed-tissue overlay is hidden for the picture; the GPU volume is rebuilt only if it shows.
    const shownLayers = viewer.volumes.slice(1).filter((layer) => layer.opacity > 0);
    const opacities = shownLayers.map((layer) => layer.opacity);
    for (const layer of shownLayers) layer.opacity = 0;
    if (shownLayers.length > 0) viewer.updateGLVolume();
    if (view === 'face-3d') {
      viewer.opts.sliceType = SLICE_TYPE.RENDER;
      viewer.scene.renderAzimuth = PRESET_CAMERA.face[0];
      viewer.scene.renderElevation = PRESET_CAMERA.face[1];
      viewer.setClipPlane([NO_CLIP_DEPTH, 0, 0]);
    } else {
      viewer.opts.sliceType = SLICE_TYPE.SAGITTAL;
      viewer.scene.crosshairPos = [0.5, saved.crosshair[1], saved.crosshair[2]] as typeof viewer.scene.crosshairPos;
    }
    viewer.drawScene();
    // The drawing buffer is read in the same task as the draw, before the browser may clear it.
    const png = dataUrlBytes(viewer.canvas?.toDataURL('image/png') ?? '');
    shownLayers.forEach((layer, index) => (layer.opacity = opacities[index] ?? 0));
    if (shownLayers.length > 0) viewer.updateGLVolume();
    viewer.opts.sliceType = saved.sliceType;
    viewer.scene.crosshairPos = saved.crosshair as typeof viewer.scene.crosshairPos;
    viewer.scene.renderAzimuth = saved.camera[0];
    viewer.scene.renderElevation = saved.camera[1];
    viewer.setClipPlane(saved.clip);
    viewer.drawScene();
    return png;
  }

  /**
   * Shows an 8³ image (Float32 like the previews, with a uint8 overlay like the removed-tissue mask)
   * in both viewers, drawn in 2D and 3D, then empties them. The first pair a viewer showed paid for
   * work that later pairs do not: the first draw with each shader (software WebGL compiles it then)
   * and niivue's first decode; the first open in a window came ~0.4 s later than the next ones,
   * after its previews had arrived, on the 1 mm MNI152 pair in headless Chromium.
   */
  async #warmUp(): Promise<void> {
    for (const viewer of this.#viewers()) {
      const [image, mask] = await Promise.all([decode(warmUpVolume('image')), decode(warmUpVolume('mask'), { colormap: REMOVED_COLORMAP, cal_min: 0.5, cal_max: 1, opacity: REMOVED_OPACITY })]);
      if (!image.image || !mask.image) throw new Error(`niivue could not read an 8³ test image: ${image.error ?? mask.error ?? ''}`);
      replaceVolumes(viewer, [image.image, mask.image]);
      removeVolumes(viewer);
      viewer.drawScene();
    }
  }

  #viewers(): Niivue[] {
    return [this.#original, this.#defaced];
  }

  #link(): void {
    this.#original.broadcastTo(this.#defaced, SYNC);
    this.#defaced.broadcastTo(this.#original, SYNC);
  }

  #unlink(): void {
    this.#original.broadcastTo([], SYNC);
    this.#defaced.broadcastTo([], SYNC);
  }

  /** Decodes the pair (and mask), then puts each side's images in its viewer: one GPU rebuild and one draw per viewer. */
  async #put(pair: PairToShow, removed: VolumeBytes | null): Promise<{ errors: PairLoadErrors; overlay: OverlayOutcome | null }> {
    const [original, defaced, mask] = await Promise.all([
      decode(pair.original),
      decode(pair.defaced),
      removed ? decode(removed, { colormap: REMOVED_COLORMAP, cal_min: 0.5, cal_max: 1, opacity: this.#showRemoved ? REMOVED_OPACITY : 0 }) : null,
    ]);
    // A side that failed shows nothing, not what it showed before (its preview, or the last pair).
    if (original.image) replaceVolumes(this.#original, [original.image]);
    else clearViewer(this.#original);
    this.#originalLoaded = this.#original.volumes.length > 0;
    // Windowing comes from the original: the defaced histogram differs, so auto-windowing would too.
    const windowing = this.#original.volumes[0];
    if (defaced.image && windowing) Object.assign(defaced.image, { cal_min: windowing.cal_min, cal_max: windowing.cal_max });
    this.#removedLayer = defaced.image ? (mask?.image ?? null) : null;
    if (defaced.image) replaceVolumes(this.#defaced, this.#removedLayer ? [defaced.image, this.#removedLayer] : [defaced.image]);
    else clearViewer(this.#defaced);
    this.#defacedLoaded = this.#defaced.volumes.length > 0;
    if (this.#originalLoaded && this.#defacedLoaded) this.#link();
    this.#reportCrosshairs();
    const errors = { original: pair.original ? original.error : null, defaced: pair.defaced ? defaced.error : null };
    return { errors, overlay: mask && overlayOutcome(mask, this.#removedLayer) };
  }

  /** Sets both cameras and clip planes, drawing only a viewer whose camera or clip actually changes. */
  #applyCamera(): void {
    const [azimuth, elevation] = this.#azimuthElevation;
    // Depth runs from 1 (the near surface, no cut) down to -1 (through the whole head).
    const clip = [this.#clip === 0 ? NO_CLIP_DEPTH : 1 - 2 * this.#clip, azimuth, elevation];
    for (const viewer of this.#viewers()) {
      const { scene } = viewer;
      if (scene.renderAzimuth !== azimuth || scene.renderElevation !== elevation) viewer.setRenderAzimuthElevation(azimuth, elevation);
      const current = scene.clipPlaneDepthAziElevs[0] ?? [];
      if (clip.some((value, index) => value !== current[index])) viewer.setClipPlane(clip);
    }
  }

  #applyRemoved(): void {
    if (this.#removedLayer) this.#setLayerOpacity(this.#removedLayer, this.#showRemoved ? REMOVED_OPACITY : 0);
  }

  /**
   * niivue bakes overlay opacities into one overlay texture, so a change means rebuilding it; its
   * setOpacity rebuilds the background too, which does not change. Only the overlays are rebuilt
   * here, and only when the opacity really changes: toggling a 1 mm overlay took 1.4–2.7 s in
   * software WebGL with setOpacity (2–3 per-voxel passes), 0.9–2.0 s this way.
   */
  #setLayerOpacity(layer: NVImage, opacity: number): void {
    const viewer = this.#defaced;
    if (viewer.volumes.indexOf(layer) < 1 || layer.opacity === opacity) return;
    layer.opacity = opacity;
    viewer.volumes.forEach((volume, index) => index > 0 && viewer.refreshLayers(volume, index));
    viewer.drawScene();
  }
}

/** What adding the removed-tissue mask came to. */
export type OverlayOutcome = { status: 'shown' } | { status: 'failed'; message: string };

interface Decoded {
  image: NVImage | null;
  /** Why there is no image; null when there is one, or when there were no bytes to decode. */
  error: string | null;
}

type LayerOptions = Pick<NonNullable<Parameters<typeof NVImage.loadFromUrl>[0]>, 'colormap' | 'opacity' | 'cal_min' | 'cal_max'>;

/** niivue's decoder on the bytes themselves (it picks the format by `name`); failures become data. */
async function decode(volume: VolumeBytes | null, options: LayerOptions = {}): Promise<Decoded> {
  if (!volume) return { image: null, error: null };
  // niivue reads the whole ArrayBuffer: a view into a larger one is copied out first.
  const { bytes } = volume;
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  try {
    return { image: await NVImage.loadFromUrl({ url: buffer, name: volume.name, ...options }), error: null };
  } catch (error) {
    return { image: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Puts `volumes` (background first) in `viewer` with one GPU rebuild and one draw — what niivue's
 * addVolume does once per volume — keeping the crosshair at its world position across the change.
 */
function replaceVolumes(viewer: Niivue, volumes: NVImage[]): void {
  const crosshairMm = viewer.volumes.length > 0 ? viewer.frac2mm(viewer.scene.crosshairPos) : null;
  viewer.volumes = volumes;
  viewer.back = volumes[0] ?? null;
  viewer.overlays = volumes.slice(1);
  if (crosshairMm) viewer.scene.crosshairPos = viewer.mm2frac(crosshairMm);
  viewer.updateGLVolume();
}

/** Empties a viewer (drawn at its next draw). */
/** Empties a viewer and draws it empty. */
function clearViewer(viewer: Niivue): void {
  removeVolumes(viewer);
  viewer.drawScene();
}

function removeVolumes(viewer: Niivue): void {
  viewer.volumes = [];
  viewer.back = null;
  viewer.overlays = [];
}

/** NIfTI datatype codes. */
const DT_UINT8 = 2;
const DT_FLOAT32 = 16;
const WARM_UP_SIDE = 8;

/** An 8³ NIfTI at 1 mm: a Float32 ramp (an image), or a uint8 half-block of ones (a mask). */
function warmUpVolume(kind: 'image' | 'mask'): VolumeBytes {
  const count = WARM_UP_SIDE ** 3;
  const voxels = kind === 'image' ? Float32Array.from({ length: count }, (_, index) => index) : Uint8Array.from({ length: count }, (_, index) => (index < count / 2 ? 1 : 0));
  const affine = [1, 0, 0, -WARM_UP_SIDE / 2, 0, 1, 0, -WARM_UP_SIDE / 2, 0, 0, 1, -WARM_UP_SIDE / 2, 0, 0, 0, 1];
  const side = [WARM_UP_SIDE, WARM_UP_SIDE, WARM_UP_SIDE];
  const bytes = NVImage.createNiftiArray(side, [1, 1, 1], affine, kind === 'image' ? DT_FLOAT32 : DT_UINT8, new Uint8Array(voxels.buffer));
  return { name: `warm-up-${kind}.nii`, bytes: new Uint8Array(bytes) };
}

function overlayOutcome(mask: Decoded, layer: NVImage | null): OverlayOutcome {
  if (layer) return { status: 'shown' };
  return { status: 'failed', message: mask.error ?? 'the defaced image did not load.' };
}

function dataUrlBytes(dataUrl: string): Uint8Array {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}
