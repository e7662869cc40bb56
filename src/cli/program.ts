/**
 * The `veil` command line: subcommands, options, and the mapping of outcomes to exit codes
 * (0 ok, 1 failure, 2 bad usage).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import { VEIL_VERSION } from '../paths.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { DEFAULT_DEFACE_PARAMETERS } from '../api/deface.js';
import { VeilError } from '../api/result.js';
import type { EngineChoice } from '../batch/choose-engine.js';
import { addChecklistCommands } from './checklist-commands.js';
import { defaceCommand } from './deface.js';
import { defaceAllCommand, parseSubjects } from './deface-all.js';
import { qcCommand } from './qc.js';
import { parseLayoutOption, scanCommand, type ScanCliOptions } from './scan.js';
import { slurmTaskCommand } from './slurm-task.js';
import { closeOnSignals, serve } from './serve.js';
import { start } from './start.js';
import { DEFAULT_TUTORIAL_DIR, tutorialCommand } from './tutorial.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a whole number from 0 to 65535.');
  return port;
}

const portOption = () => new Option('--port <port>', 'port on the loopback interface (0: any free port)').argParser(parsePort).default(0);
const hostOption = () => new Option('--host <address>', 'loopback address to bind').choices(['127.0.0.1', '::1']).default('127.0.0.1');

function parseMargin(value: string): number {
  const margin = Number(value);
  if (!Number.isFinite(margin) || margin < 0 || margin > 40) throw new InvalidArgumentError('must be a number of millimetres from 0 to 40.');
  return margin;
}

interface DefaceFlags {
  ears: boolean;
  margin: number;
  removeNeck: boolean;
  maskOut?: string;
  brainOut?: string;
  qcPng?: string;
  json: boolean;
  force: boolean;
  recognizability: boolean;
}

function parseFraction(value: string): number {
  const fraction = Number(value);
  if (!Number.isFinite(fraction) || fraction <= 0 || fraction >= 1) throw new InvalidArgumentError('must be a number between 0 and 1.');
  return fraction;
}

function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number of at least 1.');
  return number;
}

interface DefaceAllFlags {
  engine: EngineChoice;
  fsl?: string;
  fslFrac?: number;
  fslBias: boolean;
  output: 'beside' | 'derivatives';
  out?: string;
  gunzip: boolean;
  jobs?: number;
  scheduler: 'local' | 'slurm';
  partition?: string;
  mem: number;
  timeLimit: number;
  only: string[];
  ears: boolean;
  margin: number;
  retryFailed: boolean;
  json: boolean;
  force: boolean;
  recognizability: boolean;
}

/** Builds the command tree; an action that decides the exit code stores it in `outcome.exitCode`. */
function buildProgram(outcome: { exitCode: number }): Command {
  const program = new Command('veil')
    .description('Veil: deface and anonymize neuroimaging datasets before sharing them.')
    .version(VEIL_VERSION)
    .exitOverride()
    .showHelpAfterError('(run `veil --help` for usage)');

  program
    .command('serve')
    .description('start the browser shell on 127.0.0.1 and print its URL with an access token')
    .argument('[dataset]', 'dataset folder to open, or a NIfTI image: its dataset, shown in Compare')
    .addOption(portOption())
    .addOption(hostOption())
    .action(async (dataset: string | undefined, opts: { port: number; host: string }) => {
      closeOnSignals(await serve({ ...(dataset ? { dataset } : {}), port: opts.port, host: opts.host }));
    });

  program
    .command('start')
    .description('open the desktop app (Electron), or the browser shell where Electron cannot run')
    .argument('[dataset]', 'dataset folder to open, or a NIfTI image: its dataset, shown in Compare')
    .option('--browser', 'start the browser shell even if Electron is available', false)
    .addOption(portOption())
    .addOption(hostOption())
    .action(async (dataset: string | undefined, opts: { port: number; host: string; browser: boolean }) => {
      await start({ ...(dataset ? { dataset } : {}), port: opts.port, host: opts.host, browser: opts.browser });
    });

  program
    .command('deface')
    .description("remove the face and ears from a T1-weighted image with Veil's native engine, and self-check the result")
    .argument('<in>', 'input NIfTI (.nii or .nii.gz); never modified')
    .argument('<out>', 'output NIfTI: .nii writes uncompressed, .nii.gz compressed')
    .option('--no-ears', 'keep the ears (no de-earing)')
    .addOption(new Option('--margin <mm>', 'safety margin between the brain and the face cut, in mm').argParser(parseMargin).default(DEFAULT_DEFACE_PARAMETERS.marginMm))
    .option('--remove-neck', 'also remove the neck below the head', false)
    .option('--mask-out <file>', 'also write the removal mask (1 = removed) as NIfTI')
    .option('--brain-out <file>', "also write the engine's brain mask as NIfTI")
    .option('--qc-png <prefix>', 'write QC pictures PREFIX_front.png, PREFIX_left.png, PREFIX_right.png (before | after)')
    .option('--json', 'print the self-check as one JSON object', false)
    .option('--force', 'replace existing outputs', false)
    .option('--no-recognizability', 'skip the recognizability check (face detection on 3D renders)')
    .addHelpText('after', '\nExit codes: 0 pass, 3 warn, 1 fail or error, 2 bad usage.')
    .action(async (input: string, output: string, flags: DefaceFlags) => {
      outcome.exitCode = await defaceCommand(input, output, {
        parameters: { removeEars: flags.ears, marginMm: flags.margin, removeNeck: flags.removeNeck },
        ...(flags.maskOut ? { maskOut: flags.maskOut } : {}),
        ...(flags.brainOut ? { brainOut: flags.brainOut } : {}),
        ...(flags.qcPng ? { qcPng: flags.qcPng } : {}),
        json: flags.json,
        force: flags.force,
        skipRecognizability: !flags.recognizability,
      });
    });

  program
    .command('qc')
    .description('recognizability check of any defaced image: is a face still found on 3D renders of it?')
    .argument('<in>', 'the original NIfTI')
    .argument('<defaced>', 'its defaced copy (from Veil, FSL or any other tool)')
    .option('--json', 'print the result as one JSON object', false)
    .option('--png <prefix>', 'write PREFIX_<view>.png per view: original | defaced, with the detections drawn')
    .addHelpText('after', '\nExit codes: 0 pass, 3 warn (no face found on the original either), 1 fail or error, 2 bad usage.')
    .action(async (input: string, defaced: string, flags: { json: boolean; png?: string }) => {
      outcome.exitCode = await qcCommand(input, defaced, { json: flags.json, ...(flags.png ? { png: flags.png } : {}) });
    });

  program
    .command('deface-all')
    .description('deface every T1-weighted image of a dataset that is not defaced yet, locally or on Slurm')
    .argument('<dir>', 'dataset folder (DCCN raw, BIDS or a plain folder of NIfTI files)')
    .addOption(new Option('--engine <engine>', 'auto: FSL when found, else native').choices(['auto', 'native', 'fsl']).default('auto'))
    .option('--fsl <path>', 'fsl_deface to use when FSLDIR and PATH do not find it')
    .addOption(new Option('--fsl-frac <f>', "fsl_deface's BET fractional intensity (0–1)").argParser(parseFraction))
    .option('--fsl-bias', 'let fsl_deface bias-correct the image first (-B)', false)
    .addOption(new Option('--output <where>', 'beside: defaced_<name> next to each original; derivatives: derivatives/veil/…').choices(['beside', 'derivatives']).default('derivatives'))
    .option('--out <dir>', 'write outputs (and the batch state) under DIR instead, mirroring the layout (for read-only datasets)')
    .option('--gunzip', 'write uncompressed .nii outputs', false)
    .addOption(new Option('--jobs <n>', 'images at once (default: cores − 1; on Slurm: tasks at once)').argParser(parsePositiveInteger))
    .addOption(new Option('--scheduler <scheduler>', 'where to run').choices(['local', 'slurm']).default('local'))
    .option('--partition <name>', 'Slurm partition')
    .addOption(new Option('--mem <mb>', 'Slurm memory per task, in MB').argParser(parsePositiveInteger).default(4000))
    .addOption(new Option('--time-limit <minutes>', 'longest one image may take').argParser(parsePositiveInteger).default(30))
    .addOption(new Option('--only <subjects>', 'only these subjects, e.g. sub-001,sub-002').argParser(parseSubjects).default([]))
    .option('--no-ears', 'keep the ears (no de-earing)')
    .addOption(new Option('--margin <mm>', 'safety margin between the brain and the face cut, in mm').argParser(parseMargin).default(DEFAULT_DEFACE_PARAMETERS.marginMm))
    .option('--retry-failed', 'run images that failed in an earlier run again', false)
    .option('--json', 'print one JSON line per event', false)
    .option('--force', 'deface again images already defaced, and replace existing outputs', false)
    .option('--no-recognizability', 'skip the recognizability check (face detection on 3D renders)')
    .addHelpText('after', '\nExit codes: 0 every image done (or nothing to do), 1 some failed or were cancelled, 2 bad usage.')
    .action(async (dir: string, flags: DefaceAllFlags) => {
      const fsl = { ...(flags.fslFrac !== undefined ? { fractionalIntensity: flags.fslFrac } : {}), biasCorrect: flags.fslBias };
      outcome.exitCode = await defaceAllCommand(dir, {
        engine: flags.engine,
        fsl: { ...(flags.fsl ? { executable: path.resolve(flags.fsl) } : {}), fsl },
        scheduler: flags.scheduler,
        ...(flags.partition ? { partition: flags.partition } : {}),
        memoryMb: flags.mem,
        output: flags.output,
        ...(flags.out ? { out: flags.out } : {}),
        gunzip: flags.gunzip,
        ...(flags.jobs ? { jobs: flags.jobs } : {}),
        only: flags.only,
        json: flags.json,
        force: flags.force,
        retryFailed: flags.retryFailed,
        timeLimitMinutes: flags.timeLimit,
        parameters: { removeEars: flags.ears, marginMm: flags.margin, removeNeck: false },
        skipRecognizability: !flags.recognizability,
      });
    });

  // Hidden: what each task of a Slurm job array runs on its node (src/batch/slurm/submit-slurm-batch.ts).
  program
    .command('slurm-task', { hidden: true })
    .description('deface one job of a Slurm batch manifest (run by Slurm, not by people)')
    .argument('<manifest>', "the batch's manifest.json")
    .argument('<index>', 'the array task index ($SLURM_ARRAY_TASK_ID)')
    .action(async (manifest: string, index: string) => {
      outcome.exitCode = await slurmTaskCommand(manifest, index);
    });

  program
    .command('scan')
    .description('list the NIfTI images of a dataset (DCCN raw, BIDS or a plain folder) with their kind and deface state')
    .argument('<dir>', 'dataset folder')
    .addOption(new Option('--layout <layout>', 'dataset layout: auto, dccn, bids or flat').argParser(parseLayoutOption).default('auto'))
    .option('--json', 'print the images as one JSON array', false)
    .action(async (dir: string, flags: ScanCliOptions) => {
      outcome.exitCode = await scanCommand(dir, flags);
    });

  addChecklistCommands(program, outcome);

  program
    .command('tutorial')
    .description('create a practice project (made-up participants, synthetic heads) and print the anonymization course')
    .argument('[dir]', 'a new or empty folder for the practice project', DEFAULT_TUTORIAL_DIR)
    .action(async (dir: string) => {
      outcome.exitCode = await tutorialCommand(dir);
    });
  return program;
}

/**
 * Runs the CLI with the given arguments and resolves with the exit code. Long-running commands
 * (serve, start) resolve once started; the process then stays alive on its server.
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(args: string[]): Promise<number> {
  const outcome = { exitCode: EXIT_OK };
  const program = buildProgram(outcome);
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      console.error(`veil: ${error.message}`);
      return error.exitCode;
    }
    // Errors the core raises on purpose carry a message for people: one line, no stack.
    if (error instanceof VeilError) {
      console.error(`veil: ${error.message}`);
      return EXIT_FAILURE;
    }
    console.error('veil: unexpected error:', error);
    return EXIT_FAILURE;
  }
}
