import { useState } from 'react';
import type { ChecklistDecision, ChecklistView } from '../../../../src/api/checklist.js';
import { CHECKLIST_SECTION_TITLES, checklistSectionId } from './sections.js';

interface MinimizationSectionProps {
  view: ChecklistView;
  decide: (decision: ChecklistDecision) => Promise<void>;
}

/** What goes into the copy: every personal-data column justified or dropped, files in or out, then confirmed. */
export function MinimizationSection({ view, decide }: MinimizationSectionProps) {
  const included = view.files.filter((file) => file.included).length;
  return (
    <section className="checklist-section" id={checklistSectionId('minimization')} aria-label={CHECKLIST_SECTION_TITLES.minimization}>
      <h2>{CHECKLIST_SECTION_TITLES.minimization}</h2>
      <h3>Personal-data columns</h3>
      {view.personalColumns.length === 0 ? (
        <p className="empty">No personal-data column in the tables going into the copy.</p>
      ) : (
        <table className="columns-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Holds</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {view.personalColumns.map((column) => (
              <ColumnRow key={column.column} column={column} decide={decide} />
            ))}
          </tbody>
        </table>
      )}
      <details className="file-selection">
        <summary>
          Files: {included} go into the copy, {view.files.length - included} stay out
        </summary>
        <ul>
          {view.files.map((file) => (
            <li key={file.path}>
              <label title={file.why ?? undefined}>
                <input
                  type="checkbox"
                  checked={file.included}
                  onChange={(event) => void decide({ action: event.target.checked ? 'include' : 'exclude', paths: [file.path] })}
                />{' '}
                {file.path}
                {file.why && <span className="muted"> — {file.why}</span>}
              </label>
            </li>
          ))}
        </ul>
      </details>
      <button type="button" onClick={() => void decide({ action: 'confirm-selection' })}>
        Confirm the selection
      </button>
    </section>
  );
}

function ColumnRow({ column, decide }: { column: ChecklistView['personalColumns'][number]; decide: MinimizationSectionProps['decide'] }) {
  const [text, setText] = useState(column.justification ?? '');
  return (
    <tr data-column={column.column}>
      <td>
        <code>{column.column}</code>
        <div className="muted">{column.tables.join(', ')}</div>
      </td>
      <td>{column.role}</td>
      <td>
        {column.dropped ? (
          <>
            Left out{' '}
            <button type="button" onClick={() => void decide({ action: 'keep-column', column: column.column })}>
              Keep it
            </button>
          </>
        ) : (
          <>
            <input aria-label={`Why ${column.column} is needed`} placeholder="What analysis uses it?" value={text} onChange={(event) => setText(event.target.value)} />
            <button type="button" disabled={text.trim() === '' || text === column.justification} onClick={() => void decide({ action: 'justify-column', column: column.column, text })}>
              Keep with this reason
            </button>
            <button type="button" onClick={() => void decide({ action: 'drop-column', column: column.column })}>
              Leave out
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
