/**
 * The `veil` command line: subcommands, options, and the mapping of outcomes to exit codes
 * (0 ok, 1 failure, 2 bad usage).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { VEIL_VERSION } from '../paths.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { DEFAULT_DEFACE_PARAMETERS } from '../api/deface.js';
import { VeilError } from '../api/result.js';
import { defaceCommand } from './deface.js';
import { closeOnSignals, serve } from './serve.js';
import { start } from './start.js';

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
    .argument('[dataset]', 'dataset folder to open')
    .addOption(portOption())
    .addOption(hostOption())
    .action(async (dataset: string | undefined, opts: { port: number; host: string }) => {
      closeOnSignals(await serve({ ...(dataset ? { dataset } : {}), port: opts.port, host: opts.host }));
    });

  program
    .command('start')
    .description('open the desktop app (Electron), or the browser shell where Electron cannot run')
    .argument('[dataset]', 'dataset folder to open')
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
    .addHelpText('after', '\nExit codes: 0 pass, 3 warn, 1 fail or error, 2 bad usage.')
    .action(async (input: string, output: string, flags: DefaceFlags) => {
      outcome.exitCode = await defaceCommand(input, output, {
        parameters: { removeEars: flags.ears, marginMm: flags.margin, removeNeck: flags.removeNeck },
        ...(flags.maskOut ? { maskOut: flags.maskOut } : {}),
        ...(flags.brainOut ? { brainOut: flags.brainOut } : {}),
        ...(flags.qcPng ? { qcPng: flags.qcPng } : {}),
        json: flags.json,
        force: flags.force,
      });
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
