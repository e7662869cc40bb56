/**
 * The anonymization checklist's commands on the `veil` command line: check, checklist, review, key,
 * minimize, generalize, metadata, stage and report. Kept apart from program.ts, which wires them in.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { checkCommand } from './check.js';
import { checklistCommand, reportCommand, reviewCommand } from './checklist-status.js';
import { generalizeCommand, metadataCommand, parseQuasiIdentifiers, type GeneralizationFlags, type MetadataFlags } from './choices.js';
import { keyCandidatesCommand, keyDisposeCommand, keyMarkCommand, keyNoneCommand } from './key.js';
import { minimizeActions, minimizeShowCommand } from './minimize.js';
import { stageCommand, type StageCliOptions } from './stage.js';

function parseBandWidth(value: string): number {
  const width = Number(value);
  if (!Number.isInteger(width) || width < 2 || width > 20) throw new InvalidArgumentError('must be a whole number of years from 2 to 20.');
  return width;
}

/** The generalization options, shared by `generalize` and `stage`. */
function addGeneralizationOptions(command: Command): Command {
  return command
    .addOption(new Option('--dob <to>', 'dates of birth become the birth year or the age in years').choices(['birth-year', 'age']))
    .addOption(new Option('--ages <as>', 'ages become whole years or bands (both top-coded at 89+)').choices(['years', 'bands']))
    .addOption(new Option('--band-width <years>', 'width of age bands').argParser(parseBandWidth))
    .addOption(new Option('--dates <how>', 'dates are shifted per participant into 1925 or earlier, or removed').choices(['shift', 'remove']))
    .addOption(new Option('--quasi <columns>', 'quasi-identifiers for k-anonymity (default age,sex,handedness,group)').argParser(parseQuasiIdentifiers));
}

/** The institution options, shared by `metadata` and `stage`. */
function addMetadataOptions(command: Command): Command {
  return command.option('--keep-institution <reason>', 'keep InstitutionName/Address/Department in sidecars, for this stated reason').option('--remove-institution', 'remove the institution keys (the default)');
}

/**
 * Adds the checklist commands to the program; each action stores its exit code in `outcome.exitCode`.
 *
 * @example
 * addChecklistCommands(program, outcome);
 */
export function addChecklistCommands(program: Command, outcome: { exitCode: number }): void {
  const run = async (work: Promise<number>): Promise<void> => {
    outcome.exitCode = await work;
  };

  program
    .command('check')
    .description('run every anonymization detector on a folder (a dataset or a publication copy) and list the findings')
    .argument('<dir>', 'folder to check')
    .option('--json', 'print the findings as JSON', false)
    .addHelpText('after', '\nExit codes: 0 no blocking finding, 4 blocking findings, 1 error, 2 bad usage.')
    .action((dir: string, flags: { json: boolean }) => run(checkCommand(dir, flags)));

  program
    .command('checklist')
    .description('show the five anonymization checklist items of a dataset with their evidence and what is left to do')
    .argument('<dir>', 'dataset folder')
    .option('--json', 'print as JSON', false)
    .action((dir: string, flags: { json: boolean }) => run(checklistCommand(dir, flags)));

  program
    .command('review')
    .description('record your review verdict on a defaced T1 (until the Compare view records it)')
    .argument('<dir>', 'dataset folder')
    .argument('<image>', 'the original T1 or its defaced output, relative to DIR')
    .addOption(new Option('--verdict <verdict>', 'your verdict after comparing both images').choices(['pass', 'fail', 'attention']).makeOptionMandatory())
    .option('--note <text>', 'a note', '')
    .action((dir: string, image: string, flags: { verdict: 'pass' | 'fail' | 'attention'; note: string }) => run(reviewCommand(dir, image, flags)));

  const key = program.command('key').description('checklist item 2: the pseudonymization key');
  key.command('candidates').description('list files that may be the key, and what is recorded').argument('<dir>', 'dataset folder').option('--json', 'print as JSON', false)
    .action((dir: string, flags: { json: boolean }) => run(keyCandidatesCommand(dir, flags)));
  key.command('mark').description('say which file is the key').argument('<dir>', 'dataset folder').argument('<file>', 'the key file, relative to DIR')
    .action((dir: string, file: string) => run(keyMarkCommand(dir, file)));
  key.command('dispose').description('delete the marked key file after typing its name; verify and record it').argument('<dir>', 'dataset folder')
    .option('--confirm <name>', "the key file's name, typed to confirm (asked for when omitted on a terminal)")
    .action((dir: string, flags: { confirm?: string }) => run(keyDisposeCommand(dir, flags)));
  key.command('none').description('record that no key exists').argument('<dir>', 'dataset folder').requiredOption('--reason <text>', 'why no key exists')
    .action((dir: string, flags: { reason: string }) => run(keyNoneCommand(dir, flags.reason)));

  const minimize = program.command('minimize').description('checklist item 3: what goes into the publication copy');
  minimize.command('show').description('files left out, personal-data columns and their justifications').argument('<dir>', 'dataset folder').option('--json', 'print as JSON', false)
    .action((dir: string, flags: { json: boolean }) => run(minimizeShowCommand(dir, flags)));
  minimize.command('exclude').description('leave files or folders out of the copy').argument('<dir>', 'dataset folder').argument('<paths...>', 'relative to DIR')
    .action((dir: string, paths: string[]) => run(minimizeActions.exclude(dir, paths)));
  minimize.command('include').description('put files or folders (back) into the copy').argument('<dir>', 'dataset folder').argument('<paths...>', 'relative to DIR')
    .action((dir: string, paths: string[]) => run(minimizeActions.include(dir, paths)));
  minimize.command('drop-column').description('leave table columns out of every table').argument('<dir>', 'dataset folder').argument('<columns...>', 'column headers')
    .action((dir: string, columns: string[]) => run(minimizeActions.dropColumns(dir, columns)));
  minimize.command('keep-column').description('keep columns that were dropped').argument('<dir>', 'dataset folder').argument('<columns...>', 'column headers')
    .action((dir: string, columns: string[]) => run(minimizeActions.keepColumns(dir, columns)));
  minimize.command('justify').description('say what analysis uses a kept personal-data column (one line)').argument('<dir>', 'dataset folder').argument('<column>', 'column header').argument('<text>', 'the justification')
    .action((dir: string, column: string, text: string) => run(minimizeActions.justify(dir, column, text)));
  minimize.command('confirm').description('confirm the selection as it is now').argument('<dir>', 'dataset folder')
    .action((dir: string) => run(minimizeActions.confirm(dir)));

  addGeneralizationOptions(program.command('generalize').description('checklist item 4: preview the generalization of tables (and k-anonymity), or confirm it').argument('<dir>', 'dataset folder'))
    .option('--confirm', 'save and confirm the choices', false)
    .option('--json', 'print as JSON', false)
    .action((dir: string, flags: GeneralizationFlags & { confirm: boolean; json: boolean }) => run(generalizeCommand(dir, flags, flags)));

  addMetadataOptions(program.command('metadata').description('checklist item 5: show or confirm the metadata scrubbing choices').argument('<dir>', 'dataset folder'))
    .option('--confirm', 'save and confirm the choices', false)
    .action((dir: string, flags: MetadataFlags & { confirm: boolean }) => run(metadataCommand(dir, flags, flags)));

  addMetadataOptions(addGeneralizationOptions(program.command('stage').description('build the publication copy with every transformation, write its MANIFEST, re-check it and decide the gate')))
    .argument('<dir>', 'dataset folder (never modified; Veil records the stage in its .veil/)')
    .argument('<out>', 'the publication copy (a new folder outside DIR)')
    .option('--force', 'replace OUT when it exists', false)
    .option('--json', 'print the stage record as JSON', false)
    .addHelpText('after', '\nChoices given here are saved and confirmed. Exit codes: 0 the gate passed, 4 it did not, 1 error, 2 bad usage.')
    .action((dir: string, out: string, flags: StageCliOptions) => run(stageCommand(dir, out, flags)));

  program
    .command('report')
    .description('write the anonymization report: self-contained printable HTML, and JSON beside it')
    .argument('<dir>', 'dataset folder')
    .requiredOption('--out <file>', 'the HTML file to write (report.json is written beside it)')
    .action((dir: string, flags: { out: string }) => run(reportCommand(dir, flags)));
}
