import { useEffect } from 'react';
import { ChecklistPanel } from '../features/checklist/ChecklistPanel.js';
import { ComparePanel } from '../features/compare/ComparePanel.js';
import { DatasetPanel } from '../features/dataset/DatasetPanel.js';
import { WalkthroughPanel } from '../features/walkthrough/WalkthroughPanel.js';
import { useVeil, type Area } from '../state/store.js';
import { ErrorBanner } from './ErrorBanner.js';
import { StatusBar } from './StatusBar.js';

const AREAS: { id: Area; label: string }[] = [
  { id: 'dataset', label: 'Dataset' },
  { id: 'walkthrough', label: 'Walkthrough' },
  { id: 'compare', label: 'Compare' },
  { id: 'checklist', label: 'Checklist' },
];

/** The app frame: navigation on the left, the active area, errors on top, status at the bottom. */
export function App() {
  const area = useVeil((s) => s.area);
  const showArea = useVeil((s) => s.showArea);
  const start = useVeil((s) => s.start);

  useEffect(() => start(), [start]);

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Areas">
        <div className="brand">
          <img src="icon.svg" alt="" width={28} height={28} />
          <span>Veil</span>
        </div>
        {AREAS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            className="nav-item"
            aria-current={area === id ? 'page' : undefined}
            onClick={() => showArea(id)}
          >
            {label}
          </button>
        ))}
      </nav>
      <main className="content">
        <ErrorBanner />
        {area === 'dataset' && <DatasetPanel />}
        {area === 'walkthrough' && <WalkthroughPanel />}
        {/* Always mounted: the viewers' canvases must stay in the DOM (see ComparePanel). */}
        <ComparePanel visible={area === 'compare'} />
        {area === 'checklist' && <ChecklistPanel />}
      </main>
      <StatusBar />
    </div>
  );
}
