/**
 * `veil generalize DIR` and `veil metadata DIR`: checklist items 4 and 5 from the command line.
 * Without `--confirm` they preview (tables before/after, k-anonymity); with it they save and confirm.
 */
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { confirmGeneralization, confirmMetadata } from '../checklist/items/choices.js';
import { previewGeneralization } from '../checklist/items/generalization-preview.js';
import type { KAnonymity } from '../checklist/k-anonymity.js';
import { loadChecklistState, type GeneralizationChoices, type MetadataChoices } from '../checklist/state/checklist-state.js';
import { EXIT_OK } from './exit-codes.js';

/** The generalization options as commander parses them (only those given). */
export interface GeneralizationFlags {
  dob?: GeneralizationChoices['dateOfBirth'];
  ages?: GeneralizationChoices['ages'];
  bandWidth?: number;
  dates?: GeneralizationChoices['dates'];
  quasi?: string[];
}

/** The metadata options as commander parses them. */
export interface MetadataFlags {
  keepInstitution?: string;
  removeInstitution?: boolean;
}

/**
 * The choices given on the command line, or null when none was.
 *
 * @example
 * generalizationChoices({ dob: 'age' }); // {dateOfBirth: 'age'}
 */
export function generalizationChoices(flags: GeneralizationFlags): Partial<GeneralizationChoices> | null {
  const choices: Partial<GeneralizationChoices> = {
    ...(flags.dob ? { dateOfBirth: flags.dob } : {}),
    ...(flags.ages ? { ages: flags.ages } : {}),
    ...(flags.bandWidth ? { ageBandWidth: flags.bandWidth } : {}),
    ...(flags.dates ? { dates: flags.dates } : {}),
    ...(flags.quasi ? { quasiIdentifiers: flags.quasi } : {}),
  };
  return Object.keys(choices).length ? choices : null;
}

/**
 * The metadata choice given on the command line, or null when none was.
 *
 * @example
 * metadataChoices({ keepInstitution: 'named in the paper' }); // {keepInstitution: {reason: 'named in the paper'}}
 */
export function metadataChoices(flags: MetadataFlags): MetadataChoices | null {
  if (flags.keepInstitution !== undefined && flags.removeInstitution) throw new InvalidArgumentError('--keep-institution and --remove-institution exclude each other.');
  if (flags.keepInstitution !== undefined) return { keepInstitution: { reason: flags.keepInstitution } };
  return flags.removeInstitution ? { keepInstitution: null } : null;
}

/**
 * Parses `--quasi age,sex,group`.
 *
 * @example
 * parseQuasiIdentifiers('age, sex'); // ['age', 'sex']
 */
export function parseQuasiIdentifiers(value: string): string[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('name at least one column, e.g. age,sex.');
  return names;
}

function kLine(label: string, result: KAnonymity): string {
  const small = result.smallGroups.flatMap((group) => group.records);
  return `  ${label}: k = ${result.k ?? 'n/a'}; ${small.length} record${small.length === 1 ? '' : 's'} in groups smaller than 5${small.length ? ` (${small.slice(0, 20).join(', ')}${small.length > 20 ? ', …' : ''})` : ''}`;
}

/**
 * Previews the generalization, or saves and confirms the choices with `confirm`.
 *
 * @example
 * await generalizeCommand('/data/study', { dob: 'age' }, { confirm: true, json: false });
 */
export async function generalizeCommand(dir: string, flags: GeneralizationFlags, options: { confirm: boolean; json: boolean }): Promise<number> {
  const root = path.resolve(dir);
  const given = generalizationChoices(flags) ?? {};
  if (options.confirm) {
    const state = await confirmGeneralization(root, given);
    console.log(options.json ? JSON.stringify(state.generalization, null, 2) : `Generalization confirmed: ${JSON.stringify(state.generalization)}`);
    return EXIT_OK;
  }
  const preview = await previewGeneralization(root, given);
  if (options.json) {
    console.log(JSON.stringify(preview, null, 2));
    return EXIT_OK;
  }
  console.log(`Choices: ${JSON.stringify(preview.choices)}`);
  for (const table of preview.tables) {
    console.log(`\n${table.file}`);
    console.log(`  before: ${table.before.header.join(' | ')}`);
    for (const row of table.before.rows) console.log(`          ${row.join(' | ')}`);
    console.log(`  after:  ${table.after.header.join(' | ')}`);
    for (const row of table.after.rows) console.log(`          ${row.join(' | ')}`);
    for (const change of table.changes) console.log(`  ${change.column}: ${change.action}`);
  }
  for (const report of preview.kAnonymity) {
    console.log(`\nk-anonymity of ${report.file} over ${report.after.quasiIdentifiers.join(', ')}${report.after.missing.length ? ` (not in the table: ${report.after.missing.join(', ')})` : ''}`);
    console.log(kLine('before', report.before));
    console.log(kLine('after ', report.after));
  }
  console.log('\nNot saved. Run again with --confirm to confirm these choices.');
  return EXIT_OK;
}

/**
 * Shows, or saves and confirms, the metadata choices.
 *
 * @example
 * await metadataCommand('/data/study', { keepInstitution: 'named in the paper' }, { confirm: true });
 */
export async function metadataCommand(dir: string, flags: MetadataFlags, options: { confirm: boolean }): Promise<number> {
  const root = path.resolve(dir);
  const given = metadataChoices(flags);
  const current = given ?? (await loadChecklistState(root)).metadata;
  const institution = current.keepInstitution ? `kept (${current.keepInstitution.reason})` : 'removed';
  if (!options.confirm) {
    console.log(`Sidecars: identifying keys, UIDs, dates, times, site keys and free text removed; institution ${institution}. NIfTI headers cleared, gzip without name or time, DICOM left out.`);
    console.log('Not saved. Run again with --confirm to confirm these choices.');
    return EXIT_OK;
  }
  await confirmMetadata(root, current);
  console.log(`Metadata choices confirmed: institution ${institution}.`);
  return EXIT_OK;
}
