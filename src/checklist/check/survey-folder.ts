/**
 * What Veil needs to know about a folder before checking it or staging a copy of it: its files and
 * their kinds, its tables with their column roles, the names those tables list, its key candidates,
 * and the image scan (kinds, deface states). Read once, used by the check and by the stage.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetScan } from '../../api/contract.js';
import { mapBounded } from '../../datasets/scan/bounded-map.js';
import { scanDataset } from '../../datasets/scan/scan-dataset.js';
import { walkTree } from '../../datasets/scan/walk-tree.js';
import type { ColumnRole } from '../detectors/column-roles.js';
import { fileKind, type FileKind } from '../detectors/file-kinds.js';
import { keyContentReason, keyNameReason, participantKey, type KeyCandidate } from '../detectors/key-candidates.js';
import { classifyTableColumns, namesListedIn } from '../detectors/table-findings.js';
import type { Finding } from '../findings.js';
import { parseTable, type Table } from '../tables/parse-table.js';

/** The file Veil writes at the root of every publication copy; its content is checksums and paths. */
export const MANIFEST_NAME = 'MANIFEST';

/** Files read at once: small files, many of them; leaves libuv threads for the rest of the app. */
export const FILES_AT_ONCE = 16;

export interface CheckProgress {
  phase: 'listing' | 'tables' | 'files' | 'images';
  done: number;
  total: number;
}

export interface SurveyedTable {
  file: string;
  table: Table;
  roles: ColumnRole[];
}

export interface FolderSurvey {
  root: string;
  /** Every file ('/'-separated, relative), hidden ones and a copy's own MANIFEST left out. */
  files: string[];
  kinds: ReadonlyMap<string, FileKind>;
  tables: SurveyedTable[];
  /** Tables that could not be read, as findings. */
  unreadable: Finding[];
  /** Names listed in the tables' name columns, searched for in all free text. */
  knownNames: ReadonlySet<string>;
  /** Participant labels seen in paths (`sub-001` → `001`). */
  subjects: ReadonlySet<string>;
  keyCandidates: KeyCandidate[];
  scan: DatasetScan;
  /** Folders that could not be listed. */
  warnings: string[];
}

/**
 * Surveys the folder at `root` (absolute).
 *
 * @example
 * const survey = await surveyFolder('/data/study');
 * survey.tables.map((entry) => entry.file); // ['participants.tsv', 'sub-01/sub-01_sessions.tsv']
 */
export async function surveyFolder(root: string, onProgress: (progress: CheckProgress) => void = () => undefined): Promise<FolderSurvey> {
  onProgress({ phase: 'listing', done: 0, total: 1 });
  const tree = await walkTree(root);
  const files = (await isVeilManifest(path.join(root, MANIFEST_NAME))) ? tree.files.filter((file) => file !== MANIFEST_NAME) : tree.files;
  const absolute = (file: string) => path.join(root, ...file.split('/'));
  const kindList = await mapBounded(files, FILES_AT_ONCE, (file) => fileKind(absolute(file), file));
  const kinds = new Map(files.map((file, index) => [file, kindList[index] ?? 'unchecked']));
  const subjects = new Set(files.flatMap((file) => file.split('/').filter((segment) => segment.startsWith('sub-')).map(participantKey)));

  const tableFiles = files.filter((file) => kinds.get(file) === 'table');
  const tables: SurveyedTable[] = [];
  const unreadable: Finding[] = [];
  let done = 0;
  await mapBounded(tableFiles, FILES_AT_ONCE, async (file) => {
    try {
      const table = parseTable(await readFile(absolute(file)), file);
      tables.push({ file, table, roles: classifyTableColumns(table) });
    } catch (error) {
      unreadable.push(uncheckedFinding(file, error));
    }
    onProgress({ phase: 'tables', done: ++done, total: tableFiles.length });
  });
  tables.sort((a, b) => a.file.localeCompare(b.file));
  const knownNames = new Set(tables.flatMap(({ table, roles }) => [...namesListedIn(table, roles)]));
  const scan = await scanDataset(root);
  return { root, files, kinds, tables, unreadable, knownNames, subjects, keyCandidates: findKeyCandidates(files, kinds, tables, subjects), scan, warnings: tree.warnings };
}

function findKeyCandidates(files: readonly string[], kinds: ReadonlyMap<string, FileKind>, tables: readonly SurveyedTable[], subjects: ReadonlySet<string>): KeyCandidate[] {
  const byFile = new Map<string, string[]>();
  const add = (file: string, reason: string) => byFile.set(file, [...(byFile.get(file) ?? []), reason]);
  for (const file of files) {
    const kind = kinds.get(file);
    if (kind === 'nifti' || kind === 'dicom' || kind === 'media' || kind === 'qc-picture') continue;
    const reason = keyNameReason(file);
    if (reason) add(file, reason);
  }
  for (const { file, table, roles } of tables) {
    const reason = keyContentReason(file, table, roles, subjects);
    if (reason) add(file, reason);
  }
  return [...byFile].map(([file, reasons]) => ({ file, reasons })).sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * True when the file is a MANIFEST as Veil writes it (only `<sha256>  <path>` lines): checksums and
 * renamed paths, not data. A dataset's own file of that name is checked like any other.
 */
async function isVeilManifest(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => null);
  return text !== null && /^([0-9a-f]{64} {2}[^\n]+\n)*$/.test(text);
}

/**
 * A warning for a file that could not be read or parsed, naming why.
 *
 * @example
 * uncheckedFinding('notes/x.csv', new Error('EACCES')); // {rule: 'file.unchecked', severity: 'warning', …}
 */
export function uncheckedFinding(file: string, error: unknown): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  return { rule: 'file.unchecked', severity: 'warning', file, field: null, excerpt: '', message: `This file could not be checked: ${reason}` };
}
