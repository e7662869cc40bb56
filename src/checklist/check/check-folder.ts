/**
 * `veil check`: every detector over one folder — a source dataset or a publication copy — answering
 * "is this folder publishable as it is?". Everything that would leak is reported, so a source
 * dataset always has blocking findings (its originals, its key); a good copy has none.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { scanDataset } from '../../datasets/scan/scan-dataset.js';
import { mapBounded } from '../../datasets/scan/bounded-map.js';
import { walkTree } from '../../datasets/scan/walk-tree.js';
import { countFindings, sortFindings, type Finding } from '../findings.js';
import { parseGzipHeader } from '../files/gzip-header.js';
import { readHead, readNiftiPrefix } from '../files/nifti-prefix.js';
import { defaceFindings } from '../detectors/deface-findings.js';
import { fileKind, type FileKind } from '../detectors/file-kinds.js';
import { keyCandidateFinding, keyContentReason, keyNameReason, participantKey, type KeyCandidate } from '../detectors/key-candidates.js';
import { nameFindings } from '../detectors/name-findings.js';
import { gzipFindings, niftiFindings } from '../detectors/nifti-findings.js';
import { sidecarFindings } from '../detectors/sidecar-findings.js';
import { classifyTableColumns, namesListedIn, tableFindings } from '../detectors/table-findings.js';
import { maskValue } from '../findings.js';
import { parseTable, type Table } from '../tables/parse-table.js';
import { decodeText } from '../values/decode-text.js';
import { findTextHits, TEXT_HIT_LABELS } from '../values/text-hits.js';
import type { ColumnRole } from '../detectors/column-roles.js';

/** The file Veil writes at the root of every publication copy; its content is checksums and paths. */
export const MANIFEST_NAME = 'MANIFEST';

export interface CheckProgress {
  phase: 'listing' | 'tables' | 'files' | 'images';
  done: number;
  total: number;
}

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
}

/** Files read at once: small files, many of them; leaves libuv threads for the rest of the app. */
const FILES_AT_ONCE = 16;

interface ReadTable {
  file: string;
  table: Table;
  roles: ColumnRole[];
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
  progress({ phase: 'listing', done: 0, total: 1 });
  const tree = await walkTree(root);
  const files = tree.files.filter((file) => file !== MANIFEST_NAME);
  const absolute = (file: string) => path.join(root, ...file.split('/'));
  const kinds = await mapBounded(files, FILES_AT_ONCE, (file) => fileKind(absolute(file), file));
  const findings: Finding[] = nameFindings(files);
  const subjects = new Set(files.flatMap((file) => file.split('/').filter((segment) => segment.startsWith('sub-')).map(participantKey)));

  // Tables first: the names they list are searched for in every other file's free text.
  const tableFiles = files.filter((_, index) => kinds[index] === 'table');
  let done = 0;
  const tables: ReadTable[] = [];
  await mapBounded(tableFiles, FILES_AT_ONCE, async (file) => {
    try {
      const table = parseTable(await readFile(absolute(file)), file);
      tables.push({ file, table, roles: classifyTableColumns(table) });
    } catch (error) {
      findings.push(uncheckedFinding(file, error));
    }
    progress({ phase: 'tables', done: ++done, total: tableFiles.length });
  });
  const knownNames = new Set(tables.flatMap(({ table, roles }) => [...namesListedIn(table, roles)]));
  for (const { file, table, roles } of tables) findings.push(...tableFindings(table, roles, file, knownNames));

  const keyCandidates = findKeyCandidates(files, kinds, tables, subjects);
  findings.push(...keyCandidates.map(keyCandidateFinding));

  done = 0;
  const typed = files.map((file, index) => ({ file, kind: kinds[index] ?? 'other' }));
  await mapBounded(typed, FILES_AT_ONCE, async ({ file, kind }) => {
    try {
      findings.push(...(await fileFindings(absolute(file), file, kind, knownNames)));
    } catch (error) {
      findings.push(uncheckedFinding(file, error));
    }
    progress({ phase: 'files', done: ++done, total: files.length });
  });

  progress({ phase: 'images', done: 0, total: 1 });
  findings.push(...(await defaceFindings(root, await scanDataset(root))));
  progress({ phase: 'images', done: 1, total: 1 });
  return { files: files.length, findings: sortFindings(findings), keyCandidates, counts: countFindings(findings), warnings: tree.warnings };
}

function findKeyCandidates(files: readonly string[], kinds: readonly FileKind[], tables: readonly ReadTable[], subjects: ReadonlySet<string>): KeyCandidate[] {
  const byFile = new Map<string, string[]>();
  const add = (file: string, reason: string) => byFile.set(file, [...(byFile.get(file) ?? []), reason]);
  files.forEach((file, index) => {
    const kind = kinds[index];
    if (kind === 'nifti' || kind === 'dicom' || kind === 'media' || kind === 'qc-picture') return;
    const reason = keyNameReason(file);
    if (reason) add(file, reason);
  });
  for (const { file, table, roles } of tables) {
    const reason = keyContentReason(file, table, roles, subjects);
    if (reason) add(file, reason);
  }
  return [...byFile].map(([file, reasons]) => ({ file, reasons })).sort((a, b) => a.file.localeCompare(b.file));
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
    default:
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

function uncheckedFinding(file: string, error: unknown): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  return { rule: 'file.unchecked', severity: 'warning', file, field: null, excerpt: '', message: `This file could not be checked: ${reason}` };
}
