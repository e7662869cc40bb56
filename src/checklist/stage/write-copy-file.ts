/**
 * Writes one planned file into the copy with its transformation: tables generalized, sidecars
 * scrubbed, NIfTI headers cleared, gzip rewritten without name or time, everything else copied as is.
 * Returns what was done, for the report; the source file is only read.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deidentificationSidecar } from '../../batch/bids-deidentification.js';
import { VeilError } from '../../api/result.js';
import type { SidecarFiles } from '../../datasets/scan/sidecar-files.js';
import { fileSystemError } from '../../files/fs-errors.js';
import { isGzip } from '../../nifti/gzip.js';
import type { SurveyedTable } from '../check/survey-folder.js';
import type { ChecklistState } from '../state/checklist-state.js';
import { formatTable } from '../tables/write-table.js';
import type { CalendarDate } from '../values/dates.js';
import { decodeText } from '../values/decode-text.js';
import { findNamesInText } from '../values/person-names.js';
import { redactText } from '../values/text-hits.js';
import type { DateShifter } from '../transforms/date-shifter.js';
import { gunzipFile, gzipWithoutNameOrTime } from '../transforms/gzip-clean.js';
import { scrubNiftiBytes } from '../transforms/nifti-scrub.js';
import { referenceRewriter, type RenamePlan } from '../transforms/rename-paths.js';
import { scrubSidecar, type SidecarScrubContext } from '../transforms/sidecar-scrub.js';
import { transformTable } from '../transforms/table-transform.js';
import { participantOfPath } from './participants.js';
import type { PlannedFile } from './plan-publication.js';

export interface CopyContext {
  root: string;
  /** The folder the copy is written into. */
  target: string;
  renames: RenamePlan;
  state: ChecklistState;
  tables: ReadonlyMap<string, SurveyedTable>;
  knownNames: ReadonlySet<string>;
  shifter: DateShifter;
  firstDates: ReadonlyMap<string, CalendarDate>;
  today: CalendarDate;
  sidecars: SidecarFiles;
}

export interface CopiedFile {
  /** Where the bytes came from, dataset-relative; null for a file Veil wrote (a defaced image's new sidecar). */
  source: string | null;
  /** Its path in the copy. */
  copy: string;
  /** What was done, for people. */
  actions: string[];
}

const absolute = (root: string, relative: string) => path.join(root, ...relative.split('/'));

/**
 * Writes one file of the plan into the copy.
 *
 * @example
 * const record = await writeCopyFile(plannedFile, context); // {source: 'participants.tsv', copy: 'participants.tsv', actions: ['email: removed (e-mail addresses)']}
 */
export async function writeCopyFile(file: PlannedFile, context: CopyContext): Promise<CopiedFile> {
  const copy = context.renames.files.get(file.path) ?? file.path;
  const destination = absolute(context.target, copy);
  await mkdir(path.dirname(destination), { recursive: true });
  const actions = copy !== file.path ? ['renamed (UID or date in its name)'] : [];
  const write = async (bytes: Uint8Array | string) => {
    try {
      await writeFile(destination, bytes, { flag: 'wx' });
    } catch (error) {
      throw fileSystemError(error, 'write', destination);
    }
  };
  const read = async (relative: string) => {
    try {
      return await readFile(absolute(context.root, relative));
    } catch (error) {
      throw fileSystemError(error, 'read', relative);
    }
  };

  switch (file.action) {
    case 'table': {
      const surveyed = context.tables.get(file.path);
      if (!surveyed) throw new VeilError('INTERNAL', `${file.path}: the table was not read during the survey.`);
      const { table, changes } = transformTable(surveyed.table, {
        roles: surveyed.roles,
        choices: context.state.generalization,
        droppedColumns: new Set(context.state.selection.droppedColumns),
        knownNames: context.knownNames,
        shifter: context.shifter,
        pathParticipant: participantOfPath(file.path),
        firstDates: context.firstDates,
        today: context.today,
        rewriteReference: referenceRewriter(context.renames, file.path),
      });
      await write(formatTable(table));
      actions.push(...changes.map((change) => `${change.column}: ${change.action}${change.cells ? ` (${change.cells} cells)` : ''}`));
      if (surveyed.table.encoding !== 'utf-8') actions.push(`re-encoded from ${surveyed.table.encoding} to UTF-8`);
      break;
    }
    case 'sidecar': {
      const input = file.source === null ? {} : parseObject(decodeText(await read(file.source)).text, file.path);
      const scrubbed = scrubSidecar(input, await sidecarContext(file, context));
      await write(`${JSON.stringify(scrubbed.json, null, 2)}\n`);
      if (file.source === null) actions.push('written: the defaced image’s de-identification record');
      if (scrubbed.removed.length) actions.push(`keys removed: ${scrubbed.removed.join(', ')}`);
      if (scrubbed.shifted.length) actions.push(`dates shifted: ${scrubbed.shifted.join(', ')}`);
      if (scrubbed.redacted.length) actions.push(`identifiers removed from: ${scrubbed.redacted.join(', ')}`);
      actions.push('DeidentificationMethod added');
      break;
    }
    case 'nifti': {
      const source = file.source ?? file.path;
      const raw = await read(source);
      const data = isGzip(raw) ? gunzipFile(raw, source) : raw;
      const scrubbed = scrubNiftiBytes(data, source);
      await write(copy.toLowerCase().endsWith('.gz') ? await gzipWithoutNameOrTime(scrubbed.bytes) : scrubbed.bytes);
      if (file.defacedBy) actions.push(`defaced version (${file.defacedBy.output}) in place of the original`);
      if (scrubbed.clearedFields.length) actions.push(`header fields cleared: ${scrubbed.clearedFields.join(', ')}`);
      if (scrubbed.droppedExtensionBytes > 0) actions.push(`header extensions dropped (${scrubbed.droppedExtensionBytes} bytes)`);
      if (isGzip(raw)) actions.push('gzip rewritten without file name or time');
      break;
    }
    case 'gzip': {
      const source = file.source ?? file.path;
      await write(await gzipWithoutNameOrTime(gunzipFile(await read(source), source)));
      actions.push('gzip rewritten without file name or time');
      break;
    }
    case 'text': {
      const source = file.source ?? file.path;
      const raw = await read(source);
      const { text } = decodeText(raw);
      // Documentation keeps its researchers' contacts; the participants' own names go.
      const names = findNamesInText(text, context.knownNames).filter((hit) => [...context.knownNames].some((name) => name.includes(hit.value)));
      if (names.length === 0) {
        await write(raw);
        actions.push('copied');
      } else {
        await write(redactText(text, names.map((hit) => ({ ...hit, kind: 'name' as const }))));
        actions.push(`participants' names removed (${names.length})`);
      }
      break;
    }
    case 'copy':
      try {
        await copyFile(absolute(context.root, file.source ?? file.path), destination, constants.COPYFILE_EXCL);
      } catch (error) {
        throw fileSystemError(error, 'read', file.source ?? file.path);
      }
      actions.push('copied');
  }
  return { source: file.source, copy, actions };
}

function parseObject(text: string, name: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VeilError('BAD_REQUEST', `${name} is not valid JSON, so it cannot be scrubbed; fix it or leave it out of the copy.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new VeilError('BAD_REQUEST', `${name} is not a JSON object, so it cannot be scrubbed; leave it out of the copy.`);
  return json as Record<string, unknown>;
}

async function sidecarContext(file: PlannedFile, context: CopyContext): Promise<SidecarScrubContext> {
  let faceRemoval: SidecarScrubContext['faceRemoval'] = null;
  if (file.defacedBy) {
    const read = await context.sidecars.veilSidecar(absolute(context.root, file.defacedBy.selfCheck));
    if ('problem' in read) throw new VeilError('BAD_REQUEST', `${file.defacedBy.selfCheck}: the self-check ${read.problem}.`);
    faceRemoval = deidentificationSidecar(read.selfCheck) as NonNullable<SidecarScrubContext['faceRemoval']>;
  }
  return {
    dates: context.state.generalization.dates,
    metadata: context.state.metadata,
    shifter: context.shifter,
    participant: participantOfPath(file.path) ?? '',
    knownNames: context.knownNames,
    rewriteReference: referenceRewriter(context.renames, file.path),
    faceRemoval,
  };
}
