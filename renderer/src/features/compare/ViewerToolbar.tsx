import { PRESET_CAMERA, type ViewerLayout, type ViewPreset } from './viewer-pair.js';

export interface ViewSettings {
  layout: ViewerLayout;
  preset: ViewPreset;
  /** 0 (no cut) … 1. */
  clip: number;
  showRemoved: boolean;
  /** The opacity of the original's view laid over the defaced one: 0 shows them side by side. */
  blend: number;
  flicker: boolean;
}

export const INITIAL_VIEW_SETTINGS: ViewSettings = { layout: 'multiplanar', preset: 'face', clip: 0, showRemoved: true, blend: 0, flicker: false };

const LAYOUTS: { id: ViewerLayout; label: string }[] = [
  { id: 'multiplanar', label: '2D + 3D' },
  { id: '3d', label: '3D only' },
];

const PRESET_LABELS: Record<ViewPreset, string> = { face: 'Face', left: 'Left ear', right: 'Right ear', top: 'Top' };

interface ViewerToolbarProps {
  settings: ViewSettings;
  onChange: (change: Partial<ViewSettings>) => void;
}

/** Layout, 3D presets, clip plane, removed-tissue overlay and blend/flicker: one set of controls for both viewers. */
export function ViewerToolbar({ settings, onChange }: ViewerToolbarProps) {
  return (
    <div className="viewer-toolbar">
      <div className="segmented" role="group" aria-label="Layout">
        {LAYOUTS.map(({ id, label }) => (
          <button key={id} type="button" aria-pressed={settings.layout === id} onClick={() => onChange({ layout: id })}>
            {label}
          </button>
        ))}
      </div>
      <div className="segmented" role="group" aria-label="3D view">
        {(Object.keys(PRESET_CAMERA) as ViewPreset[]).map((preset) => (
          <button key={preset} type="button" aria-pressed={settings.preset === preset} onClick={() => onChange({ preset })}>
            {PRESET_LABELS[preset]}
          </button>
        ))}
      </div>
      <label className="slider">
        Clip
        <input type="range" min={0} max={1} step={0.05} value={settings.clip} onChange={(event) => onChange({ clip: Number(event.target.value) })} />
      </label>
      <label>
        <input type="checkbox" checked={settings.showRemoved} onChange={(event) => onChange({ showRemoved: event.target.checked })} /> Removed tissue
      </label>
      <label className="slider">
        Blend original
        <input type="range" min={0} max={1} step={0.05} value={settings.blend} disabled={settings.flicker} onChange={(event) => onChange({ blend: Number(event.target.value) })} />
      </label>
      <label>
        <input type="checkbox" checked={settings.flicker} onChange={(event) => onChange({ flicker: event.target.checked })} /> Flicker
      </label>
    </div>
  );
}
