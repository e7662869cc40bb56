import { useState } from 'react';
import type { ChecklistDecision, GeneralizationPreviewView, GeneralizationSettings } from '../../../../src/api/checklist.js';
import { call } from '../../api/client.js';
import { CHECKLIST_SECTION_TITLES, checklistSectionId } from './sections.js';

interface GeneralizationSectionProps {
  datasetId: string;
  /** The choices as saved: the form starts from them (the panel keys the section on them, so a change elsewhere resets it). */
  saved: GeneralizationSettings;
  decide: (decision: ChecklistDecision) => Promise<void>;
}

/**
 * Dates of birth, ages and dates generalized: the choices, a before/after preview with k-anonymity
 * made with the choices on screen (not saved), then confirmed with them.
 */
export function GeneralizationSection({ datasetId, saved, decide }: GeneralizationSectionProps) {
  const [choices, setChoices] = useState<GeneralizationSettings>(saved);
  const [preview, setPreview] = useState<GeneralizationPreviewView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const choose = (changed: Partial<GeneralizationSettings>) => {
    setChoices((current) => ({ ...current, ...changed }));
    // A preview of other choices would mislead: it is made again on request.
    setPreview(null);
  };
  const load = async () => {
    const answer = await call('checklist.preview', { datasetId, choices });
    setPreview(answer.ok ? answer.value : null);
    setProblem(answer.ok ? null : answer.error.message);
  };
  return (
    <section className="checklist-section" id={checklistSectionId('generalization')} aria-label={CHECKLIST_SECTION_TITLES.generalization}>
      <h2>{CHECKLIST_SECTION_TITLES.generalization}</h2>
      <p>Ages are top-coded at 89+, and dates either move by one offset per participant to 1925 or earlier, or go.</p>
      <div className="generalization-choices">
        <label>
          Dates of birth become
          <select value={choices.dateOfBirth} onChange={(event) => choose({ dateOfBirth: event.target.value as GeneralizationSettings['dateOfBirth'] })}>
            <option value="birth-year">birth years</option>
            <option value="age">ages in whole years</option>
          </select>
        </label>
        <label>
          Ages become
          <select value={choices.ages} onChange={(event) => choose({ ages: event.target.value as GeneralizationSettings['ages'] })}>
            <option value="years">whole years</option>
            <option value="bands">bands</option>
          </select>
        </label>
        {choices.ages === 'bands' && (
          <label>
            Band width (years)
            <input
              type="number"
              min={2}
              max={20}
              value={choices.ageBandWidth}
              onChange={(event) => choose({ ageBandWidth: Math.min(20, Math.max(2, Math.round(Number(event.target.value)) || 2)) })}
            />
          </label>
        )}
        <label>
          Dates are
          <select value={choices.dates} onChange={(event) => choose({ dates: event.target.value as GeneralizationSettings['dates'] })}>
            <option value="shift">shifted per participant</option>
            <option value="remove">removed</option>
          </select>
        </label>
      </div>
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
      <button type="button" onClick={() => void decide({ action: 'confirm-generalization', choices })}>
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
