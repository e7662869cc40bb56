import { useState } from 'react';
import type { ChecklistDecision, ChecklistView } from '../../../../src/api/checklist.js';
import { CHECKLIST_SECTION_TITLES, checklistSectionId } from './sections.js';

interface KeySectionProps {
  view: ChecklistView;
  decide: (decision: ChecklistDecision) => Promise<void>;
}

const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Pseudonymization key: say which file it is and delete it after typing its name, or record that none exists. */
export function KeySection({ view, decide }: KeySectionProps) {
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const { key, keyCandidates } = view;
  return (
    <section className="checklist-section" id={checklistSectionId('key')} aria-label={CHECKLIST_SECTION_TITLES.key}>
      <h2>{CHECKLIST_SECTION_TITLES.key}</h2>
      {key.status === 'disposed' && <p>{key.file} was deleted and verified gone. Delete its copies and backups too.</p>}
      {key.status === 'none' && <p>Recorded: no key exists.</p>}
      {key.status === 'marked' && key.file && (
        <div className="dispose-key">
          <p>
            <strong>{key.file}</strong> is marked as the key. Deleting it cannot be undone. Type its file name, <code>{fileName(key.file)}</code>, to delete it.
          </p>
          <label>
            File name
            <input value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
          </label>
          <button type="button" className="danger" disabled={typed !== fileName(key.file)} onClick={() => void decide({ action: 'dispose-key', confirmation: typed })}>
            Delete the key
          </button>
        </div>
      )}
      {key.status !== 'disposed' && (
        <>
          <h3>Files that look like a key</h3>
          {keyCandidates.length === 0 ? (
            <p className="empty">None found in the dataset.</p>
          ) : (
            <ul className="key-candidates">
              {keyCandidates.map((candidate) => (
                <li key={candidate.file}>
                  <code>{candidate.file}</code> — {candidate.reasons.join(' ')}{' '}
                  {key.file !== candidate.file && (
                    <button type="button" onClick={() => void decide({ action: 'mark-key', path: candidate.file })}>
                      This is the key
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <label>
            No key exists, because
            <input value={reason} onChange={(event) => setReason(event.target.value)} />
          </label>
          <button type="button" disabled={reason.trim() === ''} onClick={() => void decide({ action: 'no-key', reason })}>
            Record that no key exists
          </button>
        </>
      )}
    </section>
  );
}
