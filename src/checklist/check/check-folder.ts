/**
 * `veil check`: every detector over one folder — a source dataset or a publication copy — answering
 * "is this folder publishable as it is?". Everything that would leak is reported, so a source
 * dataset always has blocking findings (its originals, its key); a good copy has none.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { mapBounded } from '../../datasets/scan/bounded-map.js';
import { defaceFindings } from '../detectors/deface-findings.js';
import type { FileKind } from '../detectors/file-kinds.js';
import { keyCandidateFinding, type KeyCandidate } from '../detectors/key-candidates.js';
import { nameFindings } from '../detectors/name-findings.js';
import { gzipFindings, niftiFindings } from '../detectors/nifti-findings.js';
import { sidecarFindings } from '../detectors/sidecar-findings.js';
import { tableFindings } from '../detectors/table-findings.js';
import { countFindings, maskValue, sortFindings, type Finding } from '../findings.js';
import { parseGzipHeader } from '../files/gzip-header.js';
import { readHead, readNiftiPrefix } from '../files/nifti-prefix.js';
import { decodeText } from '../values/decode-text.js';
import { findTextHits, TEXT_HIT_LABELS } from '../values/text-hits.js';
import { FILES_AT_ONCE, surveyFolder, uncheckedFinding, type CheckProgress } from './survey-folder.js';

export interface CheckResult {
  files: number;
  findings: Finding[];
  keyCandidates: KeyCandidate[];
  counts: { blocking: number; warnings: number };
  /** Folders that could not be listed. */
  warnings: string[];
}

export interface CheckOptions {
  onProgress?: (progress: CheckProgress) => void;
  /**
   * Names to search for besides those the folder's own tables list: the stage passes the source's,
   * because a copy's tables no longer list any names.
   */
  knownNames?: ReadonlySet<string>;
}

/**
 * Runs every detector on the folder at `root` (absolute).
 *
 * @example
 * const result = await checkFolder('/data/study');
 * result.counts;      // {blocking: 12, warnings: 3}
 * result.findings[0]; // {rule: 'table.name', severity: 'blocking', file: 'participants.tsv', …}
 */
export async function checkFolder(root: string, options: CheckOptions = {}): Promise<CheckResult> {
  const progress = options.onProgress ?? (() => undefined);
  const surveyed = await surveyFolder(root, progress);
  const survey = { ...surveyed, knownNames: new Set([...surveyed.knownNames, ...(options.knownNames ?? [])]) };
  const findings: Finding[] = [...nameFindings(survey.files), ...survey.unreadable];
  for (const { file, table, roles } of survey.tables) findings.push(...tableFindings(table, roles, file, survey.knownNames));
  findings.push(...survey.keyCandidates.map(keyCandidateFinding));

  let done = 0;
  await mapBounded(survey.files, FILES_AT_ONCE, async (file) => {
    try {
      findings.push(...(await fileFindings(path.join(root, ...file.split('/')), file, survey.kinds.get(file) ?? 'unchecked', survey.knownNames)));
    } catch (error) {
      findings.push(uncheckedFinding(file, error));
    }
    progress({ phase: 'files', done: ++done, total: survey.files.length });
  });

  progress({ phase: 'images', done: 0, total: 1 });
  findings.push(...(await defaceFindings(root, survey.scan)));
  progress({ phase: 'images', done: 1, total: 1 });
  return { files: survey.files.length, findings: sortFindings(findings), keyCandidates: survey.keyCandidates, counts: countFindings(findings), warnings: survey.warnings };
}

/** The findings of one file by its kind (tables were done before). */
async function fileFindings(file: string, relative: string, kind: FileKind, knownNames: ReadonlySet<string>): Promise<Finding[]> {
  const single = (rule: Finding['rule'], severity: Finding['severity'], message: string): Finding[] => [{ rule, severity, file: relative, field: null, excerpt: '', message }];
  switch (kind) {
    case 'json': {
      let json: unknown;
      try {
        json = JSON.parse(decodeText(await readFile(file)).text);
      } catch {
        return single('file.unchecked', 'warning', 'This JSON file cannot be parsed, so its content was not checked.');
      }
      return sidecarFindings(relative, json, knownNames, { attribution: path.posix.basename(relative) === 'dataset_description.json' });
    }
    case 'nifti': {
      const nifti = await readNiftiPrefix(file);
      return [...niftiFindings(relative, nifti, knownNames), ...(nifti.gzip ? gzipFindings(relative, nifti.gzip) : [])];
    }
    case 'gzip': {
      const header = parseGzipHeader(await readHead(file, 1024));
      return header ? gzipFindings(relative, header) : single('file.unchecked', 'warning', 'This .gz file is not gzip data.');
    }
    case 'text':
      return textFindings(relative, decodeText(await readFile(file)).text, knownNames);
    case 'dicom':
      return single('dicom.present', 'blocking', 'A DICOM file: its header holds names, ids, dates and the site. DICOM is kept out of the publication copy.');
    case 'qc-picture':
      return single('media.face-picture', 'blocking', 'A QC picture: its "before" half shows the face. Keep it out of the publication copy.');
    case 'media':
      return single('media.present', 'warning', 'A photo, video or sound recording may show or let someone recognise a person; check it or leave it out.');
    case 'unchecked':
      return single('file.unchecked', 'warning', 'Veil cannot read this kind of file; check its content by hand or leave it out.');
    case 'table':
      // Tables are checked from the survey, which has read them already.
      return [];
  }
}

/**
 * Free text in documentation files (README, notes): a participant's own name is blocking; other
 * identifiers are warnings, because a README's contact address is usually the researcher's, on purpose.
 */
function textFindings(file: string, text: string, knownNames: ReadonlySet<string>): Finding[] {
  return findTextHits(text, knownNames).map((hit) => {
    const isParticipant = hit.kind === 'name' && [...knownNames].some((name) => name.includes(hit.value));
    return {
      rule: 'text.identifier',
      severity: isParticipant ? 'blocking' : 'warning',
      file,
      field: null,
      excerpt: maskValue(hit.value),
      message: isParticipant ? 'A participant’s name in free text; remove it.' : `Free text contains ${TEXT_HIT_LABELS[hit.kind]}; check whose it is.`,
    };
  });
}
