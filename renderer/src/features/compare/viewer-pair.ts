/**
 * The two niivue viewers of the Compare view, original | defaced, created once per window and reused
 * for every pair: each Niivue instance holds a WebGL context that is never released, and browsers cap
 * live contexts (~16), so switching images must not create viewers. Plain TypeScript, no React: the
 * component only hands over its two canvases, which must then stay in the DOM (niivue drops its
 * listeners when its canvas is removed).
 */
import { Niivue, SHOW_RENDER, SLICE_TYPE } from '@niivue/niivue';

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
  /** The removed-tissue mask on the original's grid, or null when the two do not share a grid. */
  removed: VolumeBytes | null;
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

export class ViewerPair {
  readonly #original = newViewer();
  readonly #defaced = newViewer();
  #originalLoaded = false;
  #defacedLoaded = false;
  #removedLoaded = false;
  #showRemoved = true;
  #blend = 0;
  #blendLayer: VolumeBytes | null = null;
  #blendLayerLoaded = false;
  #clip = 0;
  #azimuthElevation: readonly [number, number] = PRESET_CAMERA.face;
  #reportCrosshairs: () => void = () => undefined;

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
   * Attaches two new viewers to the canvases (both in the DOM).
   *
   * @example
   * const pair = await ViewerPair.attach(leftCanvas, rightCanvas);
   */
  static async attach(originalCanvas: HTMLCanvasElement, defacedCanvas: HTMLCanvasElement): Promise<ViewerPair> {
    const pair = new ViewerPair();
    await Promise.all([pair.#original.attachToCanvas(originalCanvas), pair.#defaced.attachToCanvas(defacedCanvas)]);
    return pair;
  }

  /**
   * Shows a new pair in the two viewers; a side that fails to load is reported, not thrown.
   *
   * @example
   * const errors = await pair.show({ original, defaced, removed });
   * if (errors.defaced) console.warn(errors.defaced);
   */
  async show(pair: PairToShow): Promise<PairLoadErrors> {
    this.#unlink();
    this.#blendLayer = pair.original;
    this.#blendLayerLoaded = false;
    const defacedLayers = pair.defaced ? [volumeOptions(pair.defaced), ...(pair.removed ? [removedOptions(pair.removed)] : [])] : [];
    const [original, defaced] = await Promise.allSettled([
      this.#original.loadVolumes(pair.original ? [volumeOptions(pair.original)] : []),
      this.#defaced.loadVolumes(defacedLayers),
    ]);
    this.#originalLoaded = original.status === 'fulfilled' && this.#original.volumes.length > 0;
    this.#defacedLoaded = defaced.status === 'fulfilled' && this.#defaced.volumes.length > 0;
    this.#removedLoaded = this.#defacedLoaded && defacedLayers.length > 1 && this.#defaced.volumes.length > 1;
    if (this.#originalLoaded && this.#defacedLoaded) this.#link();
    this.#applyRemoved();
    if (this.#blend > 0) await this.#applyBlend();
    this.#applyCamera();
    this.#reportCrosshairs();
    return { original: loadError(original, this.#originalLoaded), defaced: loadError(defaced, this.#defacedLoaded) };
  }

  /**
   * Multiplanar 2D with a 3D tile, or 3D only, on both sides.
   *
   * @example
   * pair.setLayout('3d');
   */
  setLayout(layout: ViewerLayout): void {
    const sliceType = layout === '3d' ? SLICE_TYPE.RENDER : SLICE_TYPE.MULTIPLANAR;
    for (const viewer of this.#viewers()) viewer.setSliceType(sliceType);
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
   * Blends the original over the defaced image on the defaced side: 0 shows only the defaced
   * image, 1 the original (a flicker alternates 0 and 1).
   *
   * @example
   * await pair.setBlend(0.5);
   */
  async setBlend(fraction: number): Promise<void> {
    this.#blend = Math.min(1, Math.max(0, fraction));
    await this.#applyBlend();
  }

  /**
   * A PNG of one view of one side, drawn at the current canvas size, without the removed-tissue
   * overlay or blend; the viewer is put back as it was.
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
    const layers = viewer.volumes.slice(1);
    const opacities = layers.map((volume) => volume.opacity);
    for (const layer of layers) layer.opacity = 0;
    if (layers.length > 0) viewer.updateGLVolume();
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
    layers.forEach((layer, index) => (layer.opacity = opacities[index] ?? 0));
    if (layers.length > 0) viewer.updateGLVolume();
    viewer.opts.sliceType = saved.sliceType;
    viewer.scene.crosshairPos = saved.crosshair as typeof viewer.scene.crosshairPos;
    viewer.scene.renderAzimuth = saved.camera[0];
    viewer.scene.renderElevation = saved.camera[1];
    viewer.setClipPlane(saved.clip);
    viewer.drawScene();
    return png;
  }

  #viewers(): Niivue[] {
    return [this.#original, this.#defaced];
  }

  #link(): void {
    // Windowing is copied from the original once: the defaced histogram differs, so auto-windowing would too.
    const source = this.#original.volumes[0];
    const target = this.#defaced.volumes[0];
    if (source && target) {
      target.cal_min = source.cal_min;
      target.cal_max = source.cal_max;
      this.#defaced.updateGLVolume();
    }
    this.#original.broadcastTo(this.#defaced, SYNC);
    this.#defaced.broadcastTo(this.#original, SYNC);
  }

  #unlink(): void {
    this.#original.broadcastTo([], SYNC);
    this.#defaced.broadcastTo([], SYNC);
  }

  #applyCamera(): void {
    const [azimuth, elevation] = this.#azimuthElevation;
    // Depth runs from 1 (the near surface, no cut) down to -1 (through the whole head).
    const clip = this.#clip === 0 ? [NO_CLIP_DEPTH, azimuth, elevation] : [1 - 2 * this.#clip, azimuth, elevation];
    for (const viewer of this.#viewers()) {
      viewer.setRenderAzimuthElevation(azimuth, elevation);
      viewer.setClipPlane(clip);
    }
  }

  #applyRemoved(): void {
    if (!this.#removedLoaded) return;
    this.#defaced.setOpacity(1, this.#showRemoved ? REMOVED_OPACITY : 0);
  }

  async #applyBlend(): Promise<void> {
    if (!this.#defacedLoaded || !this.#blendLayer) return;
    if (!this.#blendLayerLoaded && this.#blend > 0) {
      // Loaded on first use: most reviews never blend, and a second copy of the original costs a parse and GPU memory.
      await this.#defaced.addVolumesFromUrl([{ ...volumeOptions(this.#blendLayer), opacity: 0 }]);
      this.#blendLayerLoaded = true;
      const base = this.#defaced.volumes[0];
      const layer = this.#defaced.volumes.at(-1);
      if (base && layer) {
        layer.cal_min = base.cal_min;
        layer.cal_max = base.cal_max;
      }
    }
    if (this.#blendLayerLoaded) this.#defaced.setOpacity(this.#defaced.volumes.length - 1, this.#blend);
  }
}

type VolumeOptions = Parameters<Niivue['loadVolumes']>[0][number];

/**
 * Load options that hand niivue the bytes themselves. niivue 0.69's `loadVolumes` drops a `buffer`
 * option (the image is then fetched by its name, a 404 here), but `NVImage.loadFromUrl` decodes an
 * ArrayBuffer passed as `url`, picking the decoder by `name`; its types only name strings.
 */
function volumeOptions(volume: VolumeBytes): VolumeOptions {
  const { bytes } = volume;
  // niivue reads the whole ArrayBuffer: a view into a larger one is copied out first.
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  return { url: buffer as unknown as string, name: volume.name };
}

function removedOptions(volume: VolumeBytes): VolumeOptions {
  return { ...volumeOptions(volume), colormap: REMOVED_COLORMAP, opacity: REMOVED_OPACITY, cal_min: 0.5, cal_max: 1 };
}

function loadError(outcome: PromiseSettledResult<unknown>, loaded: boolean): string | null {
  if (outcome.status === 'rejected') return outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
  return loaded ? null : 'The viewer could not decode this image.';
}

function dataUrlBytes(dataUrl: string): Uint8Array {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}
