/** Process exit codes of the `veil` command: 0 ok, 1 the work failed, 2 the command line was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** `veil check` found blocking findings, or `veil stage`'s gate did not pass: the work ran, the data are not publishable. */
export const EXIT_BLOCKED = 4;

/** A failure to report in one line and exit with `exitCode`, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
