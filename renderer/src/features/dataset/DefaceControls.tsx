import { useState } from 'react';
import {
  BatchEngineChoiceSchema,
  BatchOutputSchema,
  BatchSchedulerSchema,
  type BatchEngineChoice,
  type BatchOutput,
  type BatchScheduler,
} from '../../../../src/api/contract.js';
import { useVeil } from '../../state/store.js';

/** Engine and output choices and the "Deface selected" action. */
export function DefaceControls({ selected, onStarted }: { selected: readonly string[]; onStarted: () => void }) {
  const [engine, setEngine] = useState<BatchEngineChoice>('auto');
  const [output, setOutput] = useState<BatchOutput>('derivatives');
  const [scheduler, setScheduler] = useState<BatchScheduler>('local');
  const startBatch = useVeil((s) => s.startBatch);
  const running = useVeil((s) => s.startingBatch || (s.batch !== null && !s.batch.finished && s.batch.datasetId === s.currentDatasetId));

  const start = async () => {
    await startBatch({ paths: [...selected], engine, output, scheduler });
    onStarted();
  };

  return (
    <div className="deface-controls">
      <label>
        Engine{' '}
        <select value={engine} onChange={(event) => setEngine(BatchEngineChoiceSchema.parse(event.target.value))}>
          <option value="auto">auto (FSL if found, else native)</option>
          <option value="native">native</option>
          <option value="fsl">fsl</option>
        </select>
      </label>
      <label>
        Output{' '}
        <select value={output} onChange={(event) => setOutput(BatchOutputSchema.parse(event.target.value))}>
          <option value="derivatives">derivatives/veil/…</option>
          <option value="beside">beside (defaced_…)</option>
        </select>
      </label>
      <label>
        Run on{' '}
        <select value={scheduler} onChange={(event) => setScheduler(BatchSchedulerSchema.parse(event.target.value))}>
          <option value="local">this machine</option>
          <option value="slurm">Slurm (job array)</option>
        </select>
      </label>
      <button type="button" className="primary" disabled={running || selected.length === 0} onClick={() => void start()}>
        Deface selected ({selected.length})
      </button>
    </div>
  );
}
