import { useVeil } from '../state/store.js';

/** One line of context: version and shell, the open dataset, and whether the core is busy. */
export function StatusBar() {
  const info = useVeil((s) => s.appInfo);
  const busy = useVeil((s) => s.busy);
  const dataset = useVeil((s) => s.datasets.find((d) => d.id === s.currentDatasetId));
  return (
    <footer className="status-bar" role="status">
      <span>{info ? `Veil ${info.version} · ${info.shell === 'electron' ? 'desktop' : 'browser shell'}` : 'Connecting…'}</span>
      <span data-testid="status-dataset">{dataset ? `Dataset: ${dataset.name} (${dataset.root})` : 'No dataset open'}</span>
      <span>{busy ? 'Working…' : 'Ready'}</span>
    </footer>
  );
}
