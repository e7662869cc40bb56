import { useState } from 'react';
import type { ChecklistDecision, GeneralizationPreviewView } from '../../../../src/api/checklist.js';
import { call } from '../../api/client.js';
import { CHECKLIST_SECTION_TITLES, checklistSectionId } from './sections.js';

interface GeneralizationSectionProps {
  datasetId: string;
  decide: (decision: ChecklistDecision) => Promise<void>;
}

/** Dates of birth, ages and dates generalized: a before/after preview with k-anonymity, then confirmed. */
export function GeneralizationSection({ datasetId, decide }: GeneralizationSectionProps) {
  const [preview, setPreview] = useState<GeneralizationPreviewView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = async () => {
    const answer = await call('checklist.preview', { datasetId });
    setPreview(answer.ok ? answer.value : null);
    setProblem(answer.ok ? null : answer.error.message);
  };
  return (
    <section className="checklist-section" id={checklistSectionId('generalization')} aria-label={CHECKLIST_SECTION_TITLES.generalization}>
      <h2>{CHECKLIST_SECTION_TITLES.generalization}</h2>
      <p>Dates of birth become birth years, ages whole years with 89+ as the top, and dates move by one offset per participant to 1925 or earlier.</p>
      <button type="button" onClick={() => void load()}>
        Show the preview
      </button>
      {problem && <p className="inline-error">{problem}</p>}
      {preview && (
        <div className="generalization-preview">
          {preview.tables.map((table) => (
            <figure key={table.file}>
              <figcaption>
                <code>{table.file}</code>: {table.changes.map((change) => `${change.column} ${change.action}`).join('; ') || 'no change'}
              </figcaption>
              <div className="before-after">
                <PreviewTable label="Before" header={table.before.header} rows={table.before.rows} />
                <PreviewTable label="After" header={table.after.header} rows={table.after.rows} />
              </div>
            </figure>
          ))}
          <table className="k-anonymity" aria-label="k-anonymity">
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col">Quasi-identifiers</th>
                <th scope="col">k before</th>
                <th scope="col">k after</th>
                <th scope="col">Records in groups under 5, after</th>
              </tr>
            </thead>
            <tbody>
              {preview.kAnonymity.map((row) => (
                <tr key={row.file}>
                  <td>{row.file}</td>
                  <td>{row.quasiIdentifiers.join(', ')}</td>
                  <td>{row.kBefore ?? 'n/a'}</td>
                  <td>{row.kAfter ?? 'n/a'}</td>
                  <td>{row.smallAfter}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" onClick={() => void decide({ action: 'confirm-generalization' })}>
        Confirm the generalization
      </button>
    </section>
  );
}

function PreviewTable({ label, header, rows }: { label: string; header: string[]; rows: string[][] }) {
  return (
    <table className="preview-table" aria-label={label}>
      <caption>{label}</caption>
      <thead>
        <tr>
          {header.map((cell, index) => (
            <th key={index} scope="col">
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, rowIndex) => (
          <tr key={rowIndex}>
            {row.map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
