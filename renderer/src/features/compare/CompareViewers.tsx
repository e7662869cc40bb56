import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ComparePair } from '../../state/store.js';
import { useLoadedPair } from './use-loaded-pair.js';
import { useViewerPair } from './use-viewer-pair.js';
import type { Crosshair, Crosshairs, ViewerPair } from './viewer-pair.js';
import { INITIAL_VIEW_SETTINGS, ViewerToolbar, type ViewSettings } from './ViewerToolbar.js';

/** How long each image shows while flickering: slow enough to see, fast enough to catch a difference. */
const FLICKER_MS = 500;

/**
 * How opaque the original's canvas is, laid over the defaced one (null: side by side). Blend and
 * flicker are a CSS opacity on the original's canvas box, not niivue opacities: both viewers
 * already show the same linked view, and changing an opacity inside niivue rebuilds the overlay
 * texture on the CPU (0.9–2.4 s per flicker toggle for a 1 mm pair in software WebGL, longer than
 * a flicker period), while a CSS opacity is composited without any WebGL work.
 */
function originalOpacity({ blend, flicker }: ViewSettings, flickerShowsOriginal: boolean): number | null {
  if (flicker) return flickerShowsOriginal ? 1 : 0;
  return blend > 0 ? blend : null;
}

interface CompareViewersProps {
  datasetId: string | null;
  pair: ComparePair | null;
  /** Hands the viewers to the panel (snapshots) while they show the files themselves; null while loading or on previews. */
  onViewers: (viewers: ViewerPair | null) => void;
}

/** Two linked niivue canvases, original | defaced, with their controls; errors show in place of a blank canvas. */
export function CompareViewers({ datasetId, pair, onViewers }: CompareViewersProps) {
  const originalCanvas = useRef<HTMLCanvasElement>(null);
  const defacedCanvas = useRef<HTMLCanvasElement>(null);
  const attached = useViewerPair(originalCanvas, defacedCanvas);
  const viewers = attached.status === 'ready' ? attached.viewers : null;
  const load = useLoadedPair(viewers, datasetId, pair);
  const [settings, setSettings] = useState<ViewSettings>(INITIAL_VIEW_SETTINGS);
  const [crosshairs, setCrosshairs] = useState<Crosshairs>({ original: null, defaced: null });

  // Settings are applied to each pair once it is shown (a load resets what niivue draws).
  const shownPair = load.status === 'shown' ? pair : null;

  // Snapshots go into the review report: never of a 2 mm preview, of a pair still loading, or of a pair with a side missing.
  const showsFiles = load.status === 'shown' && load.detail === 'full' && !load.errors.original && !load.errors.defaced;
  useEffect(() => onViewers(showsFiles ? viewers : null), [viewers, showsFiles, onViewers]);
  useEffect(() => viewers?.onCrosshairMove(setCrosshairs), [viewers]);
  useEffect(() => {
    if (!viewers || !shownPair) return;
    viewers.setLayout(settings.layout);
    viewers.setPreset(settings.preset);
    viewers.setClip(settings.clip);
    viewers.setShowRemoved(settings.showRemoved);
  }, [viewers, shownPair, settings.layout, settings.preset, settings.clip, settings.showRemoved]);
  const [flickerShowsOriginal, setFlickerShowsOriginal] = useState(false);
  useEffect(() => {
    if (!settings.flicker) return;
    const timer = setInterval(() => setFlickerShowsOriginal((shows) => !shows), FLICKER_MS);
    return () => {
      clearInterval(timer);
      setFlickerShowsOriginal(false);
    };
  }, [settings.flicker]);
  const overOpacity = originalOpacity(settings, flickerShowsOriginal);

  const errors = load.status === 'shown' ? load.errors : { original: null, defaced: null };
  const detail = load.status === 'shown' ? load.detail : null;
  return (
    <div className="compare-viewers">
      <ViewerToolbar settings={settings} onChange={(change) => setSettings((before) => ({ ...before, ...change }))} />
      {attached.status === 'failed' && (
        <p role="alert" className="inline-error">
          {attached.message}
        </p>
      )}
      {/* Overlaid, the original's tile lies exactly on the defaced one (styles.css): same box, same canvas size, so the linked views coincide pixel for pixel. */}
      <div className="viewer-row" hidden={attached.status === 'failed'} data-viewers={attached.status} data-detail={detail ?? undefined} data-overlaid={overOpacity !== null || undefined}>
        <ViewerTile
          label="Original"
          path={pair?.original ?? null}
          error={errors.original}
          loading={load.status === 'loading'}
          crosshair={crosshairs.original}
          canvas={originalCanvas}
          opacity={overOpacity ?? 1}
        />
        <ViewerTile label="Defaced" path={pair?.defaced ?? null} error={errors.defaced} loading={load.status === 'loading'} crosshair={crosshairs.defaced} canvas={defacedCanvas} />
      </div>
      {load.status === 'shown' && (
        <p className="hint" data-testid="overlay-status" data-state={load.overlay.status}>
          {load.overlay.status === 'loading' && `${load.detail === 'preview' ? 'Showing 2 mm previews; loading the full images and' : 'Adding'} the removed-tissue overlay…`}
          {load.overlay.status === 'failed' && `No removed-tissue overlay: ${load.overlay.message}`}
        </p>
      )}
    </div>
  );
}

interface ViewerTileProps {
  label: string;
  path: string | null;
  error: string | null;
  loading: boolean;
  crosshair: Crosshair;
  canvas: RefObject<HTMLCanvasElement | null>;
  /** Of the canvas and its box: below 1 when it is laid over the other viewer. */
  opacity?: number;
}

const millimetres = (crosshair: Crosshair) => (crosshair ? crosshair.map((value) => value.toFixed(1)).join(', ') + ' mm' : '');

function ViewerTile({ label, path, error, loading, crosshair, canvas, opacity = 1 }: ViewerTileProps) {
  const state = loading ? 'loading' : error ? 'error' : crosshair ? 'shown' : 'empty';
  return (
    <figure className="viewer-tile" aria-label={`${label} viewer`} data-state={state}>
      <figcaption title={path ?? undefined}>
        <strong>{label}</strong> {path ?? ''}
      </figcaption>
      {/* niivue paints this box black (its inline style): laid over the other viewer, the box fades, not just the canvas. */}
      <div className="viewer-canvas" style={{ opacity }}>
        {/* niivue sizes the canvas to this box; the canvas itself must never leave the DOM. */}
        <canvas ref={canvas} tabIndex={0} />
        {error && (
          <p role="alert" className="viewer-error">
            {label}: {error}
          </p>
        )}
      </div>
      <output className="crosshair" aria-label={`${label} crosshair`}>
        {millimetres(crosshair)}
      </output>
    </figure>
  );
}
