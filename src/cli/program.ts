/**
 * The `veil` command line: subcommands, options, and the mapping of outcomes to exit codes
 * (0 ok, 1 failure, 2 bad usage).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { VEIL_VERSION } from '../paths.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { closeOnSignals, serve } from './serve.js';
import { start } from './start.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a whole number from 0 to 65535.');
  return port;
}

const portOption = () => new Option('--port <port>', 'port on the loopback interface (0: any free port)').argParser(parsePort).default(0);
const hostOption = () => new Option('--host <address>', 'loopback address to bind').choices(['127.0.0.1', '::1']).default('127.0.0.1');

function buildProgram(): Command {
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
  const program = buildProgram();
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliError) {
      console.error(`veil: ${error.message}`);
      return error.exitCode;
    }
    console.error('veil: unexpected error:', error);
    return EXIT_FAILURE;
  }
}
