/**
 * The two niivue viewers of the Compare view, original | defaced, created once per window and reused
 * for every pair: each Niivue instance holds a WebGL context that is never released, and browsers cap
 * live contexts (~16), so switching images must not create viewers. Plain TypeScript, no React: the
 * component only hands over its two canvases, which must then stay in the DOM (niivue drops its
 * listeners when its canvas is removed).
 */
import { Niivue, SHOW_RENDER, SLICE_TYPE, type NVImage } from '@niivue/niivue';

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

export class ViewerPair {
  readonly #original = newViewer();
  readonly #defaced = newViewer();
  #originalLoaded = false;
  #defacedLoaded = false;
  /** The removed-tissue layer and the blend layer (the original over the defaced image), when loaded. */
  #removedLayer: NVImage | null = null;
  #blendLayer: NVImage | null = null;
  #blendSource: VolumeBytes | null = null;
  #showRemoved = true;
  #blend = 0;
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
   * const errors = await pair.show({ original, defaced });
   * if (errors.defaced) console.warn(errors.defaced);
   */
  async show(pair: PairToShow): Promise<PairLoadErrors> {
    this.#unlink();
    this.#blendSource = pair.original;
    this.#blendLayer = null;
    this.#removedLayer = null;
    // Every niivue draw of a 1 mm head with its 3D tile takes seconds in software WebGL (opening the
    // MNI152 pair went from 15 s to 11 s on the loaded build machine once the extra draws were gone):
    // the viewers are emptied (a blank draw is cheap), set up, and then draw once each, when loaded.
    for (const viewer of this.#viewers()) {
      viewer.volumes = [];
      viewer.opts.sliceType = this.#sliceType;
    }
    this.#applyCamera();
    const original = await settled(this.#original.loadVolumes(pair.original ? [volumeOptions(pair.original)] : []));
    this.#originalLoaded = original.status === 'fulfilled' && this.#original.volumes.length > 0;
    // Windowing comes from the original: the defaced histogram differs, so auto-windowing would too.
    const windowing = this.#original.volumes[0];
    const defacedLayers = pair.defaced ? [{ ...volumeOptions(pair.defaced), ...(windowing ? { cal_min: windowing.cal_min, cal_max: windowing.cal_max } : {}) }] : [];
    const defaced = await settled(this.#defaced.loadVolumes(defacedLayers));
    this.#defacedLoaded = defaced.status === 'fulfilled' && this.#defaced.volumes.length > 0;
    if (this.#originalLoaded && this.#defacedLoaded) this.#link();
    if (this.#blend > 0) await this.#applyBlend();
    this.#reportCrosshairs();
    return { original: loadError(original, this.#originalLoaded), defaced: loadError(defaced, this.#defacedLoaded) };
  }

  /**
   * Adds the removed-tissue mask (on the original's grid) over the defaced image shown.
   *
   * @example
   * const overlay = await pair.showRemoved({ name: 'removed.nii', bytes });
   * if (overlay.status === 'failed') console.warn(overlay.message);
   */
  async showRemoved(mask: VolumeBytes): Promise<{ status: 'shown' } | { status: 'failed'; message: string }> {
    if (!this.#defacedLoaded) return { status: 'failed', message: 'the defaced image is not shown.' };
    const added = await settled(this.#defaced.addVolumesFromUrl([{ ...removedOptions(mask), opacity: this.#showRemoved ? REMOVED_OPACITY : 0 }]));
    this.#removedLayer = added.status === 'fulfilled' ? (added.value[0] ?? null) : null;
    return this.#removedLayer ? { status: 'shown' } : { status: 'failed', message: loadError(added, false) ?? 'the mask could not be decoded.' };
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
    // Overlays (removed tissue, blend) are hidden for the picture; the GPU volume is rebuilt only if one shows.
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

  async #applyBlend(): Promise<void> {
    const base = this.#defaced.volumes[0];
    if (!this.#defacedLoaded || !base || !this.#blendSource) return;
    if (!this.#blendLayer && this.#blend > 0) {
      // Loaded on first use: most reviews never blend, and a second copy of the original costs a parse and GPU memory.
      const added = await this.#defaced.addVolumesFromUrl([{ ...volumeOptions(this.#blendSource), opacity: 0, cal_min: base.cal_min, cal_max: base.cal_max }]);
      this.#blendLayer = added[0] ?? null;
    }
    if (this.#blendLayer) this.#setLayerOpacity(this.#blendLayer, this.#blend);
  }

  /** setOpacity rebuilds the whole GPU volume (seconds in software WebGL): only when the opacity really changes. */
  #setLayerOpacity(layer: NVImage, opacity: number): void {
    const index = this.#defaced.volumes.indexOf(layer);
    if (index > 0 && layer.opacity !== opacity) this.#defaced.setOpacity(index, opacity);
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
  return { ...volumeOptions(volume), colormap: REMOVED_COLORMAP, cal_min: 0.5, cal_max: 1 };
}

function settled<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

function loadError(outcome: PromiseSettledResult<unknown>, loaded: boolean): string | null {
  if (outcome.status === 'rejected') return outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
  return loaded ? null : 'The viewer could not decode this image.';
}

function dataUrlBytes(dataUrl: string): Uint8Array {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}
