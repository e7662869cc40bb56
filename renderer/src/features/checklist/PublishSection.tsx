import { useState } from 'react';
import type { ChecklistView } from '../../../../src/api/checklist.js';
import { LineList } from '../../app/LineList.js';
import { call, readBytes } from '../../api/client.js';
import { useVeil } from '../../state/store.js';
import { CHECKLIST_SECTION_TITLES, checklistSectionId } from './sections.js';

interface PublishSectionProps {
  datasetId: string;
  view: ChecklistView;
  /** Called after a copy was built: the checklist shows its gate. */
  onStaged: () => Promise<void>;
}

/** Build the publication copy (progress, then the gate and its findings), write the report and download it. */
export function PublishSection({ datasetId, view, onStaged }: PublishSectionProps) {
  const progress = useVeil((s) => s.stageProgress);
  const [out, setOut] = useState('');
  const [building, setBuilding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [report, setReport] = useState<{ path: string; url: string } | null>(null);

  const build = async () => {
    setBuilding(true);
    setMessage(null);
    // Only the last copy may be rebuilt over; the core refuses to replace any other folder.
    const answer = await call('checklist.stage', { datasetId, out, replace: out === view.lastStage?.out });
    setBuilding(false);
    setMessage(answer.ok ? null : answer.error.message);
    await onStaged();
  };
  const writeReport = async () => {
    const written = await call('checklist.report', { datasetId });
    if (!written.ok) return setMessage(written.error.message);
    const bytes = await readBytes('checklist.reportHtml', { datasetId });
    if (!bytes.ok) return setMessage(bytes.error.message);
    if (report) URL.revokeObjectURL(report.url);
    setReport({ path: written.value.html, url: URL.createObjectURL(new Blob([bytes.value], { type: 'text/html' })) });
  };

  const last = view.lastStage;
  return (
    <section className="checklist-section" id={checklistSectionId('publish')} aria-label={CHECKLIST_SECTION_TITLES.publish}>
      <h2>{CHECKLIST_SECTION_TITLES.publish}</h2>
      <label>
        New folder for the copy
        <input value={out} placeholder="/project/3010000.01/publication" onChange={(event) => setOut(event.target.value)} />
      </label>
      <button type="button" className="primary" disabled={out.trim() === '' || building} onClick={() => void build()}>
        Build publication copy
      </button>
      {building && progress?.datasetId === datasetId && (
        <p role="status">
          {progress.phase}: {progress.done} of {progress.total}
        </p>
      )}
      {message && <p className="inline-error">{message}</p>}
      {last && (
        <div className="gate" data-testid="gate" data-passed={last.gate.passed ? 'true' : 'false'}>
          <p>
            <span className={`badge ${last.gate.passed ? 'badge-verdict-pass' : 'badge-verdict-fail'}`}>{last.gate.passed ? 'gate passed' : 'gate not passed'}</span> {last.out} ·{' '}
            {last.gate.blocking} blocking, {last.gate.warnings} warnings · {new Date(last.stagedAt).toLocaleString()}
          </p>
          <LineList lines={last.gate.reasons} />
          {last.findings.length > 0 && (
            <details>
              <summary>Findings in the copy</summary>
              <ul className="findings">
                {last.findings.map((finding, index) => (
                  <li key={index} data-severity={finding.severity}>
                    <strong>{finding.severity}</strong> <code>{finding.file}</code>
                    {finding.field && ` · ${finding.field}`}: {finding.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      <button type="button" onClick={() => void writeReport()}>
        Write the report
      </button>
      {report && (
        <p data-testid="report-status">
          Written to {report.path}.{' '}
          <a href={report.url} download="veil-report.html">
            Download the report
          </a>
        </p>
      )}
    </section>
  );
}
