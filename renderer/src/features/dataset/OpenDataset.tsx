import { useState, type FormEvent } from 'react';
import { useVeil } from '../../state/store.js';

/**
 * "Open dataset": the native folder picker where the shell has one (Electron), and a typed absolute
 * path where the shell allows it (browser shell, e.g. on an HPC login node through an SSH tunnel).
 * "Start practice project" creates `veil tutorial`'s practice project in a new folder, chosen the same
 * way, and opens it: newcomers learn on made-up participants before they touch real ones.
 */
export function OpenDataset() {
  const info = useVeil((s) => s.appInfo);
  const busy = useVeil((s) => s.busy);
  const pickDataset = useVeil((s) => s.pickDataset);
  const openTypedPath = useVeil((s) => s.openTypedPath);
  const startPracticeProject = useVeil((s) => s.startPracticeProject);
  const [path, setPath] = useState('');

  if (!info) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void openTypedPath(path.trim());
  };

  return (
    <div className="open-dataset">
      {info.capabilities.nativeDirectoryPicker && (
        <button type="button" className="primary" disabled={busy} onClick={() => void pickDataset()}>
          Open dataset…
        </button>
      )}
      {info.capabilities.nativeDirectoryPicker && (
        <button type="button" disabled={busy} onClick={() => void startPracticeProject()}>
          Start practice project…
        </button>
      )}
      {info.capabilities.typedPaths && (
        <form onSubmit={submit} className="path-form">
          <label htmlFor="dataset-path">Dataset folder</label>
          <input
            id="dataset-path"
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder="/project/3010000.01/raw"
            value={path}
            onChange={(event) => setPath(event.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || path.trim() === ''}>
            Open dataset
          </button>
          <button
            type="button"
            title="Create the practice project in this new or empty folder, and open it"
            disabled={busy || path.trim() === ''}
            onClick={() => void startPracticeProject(path.trim())}
          >
            Start practice project here
          </button>
        </form>
      )}
    </div>
  );
}
