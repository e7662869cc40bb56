/**
 * FSLDIR as the user's login shell sets it. A desktop app started from the Dock, Finder or a desktop
 * launcher does not inherit what the shell profile exports (FSL's installer writes FSLDIR there), so
 * the app asks a login shell once.
 */
import { execa } from 'execa';

/** Marks Veil's line in the shell's output: profiles may print banners of their own. */
const MARKER = '__VEIL_FSLDIR__=';
const DEFAULT_TIMEOUT_MS = 5_000;

export interface LoginShellProbe {
  /** The shell to ask; default `$SHELL`, else `/bin/zsh` on macOS and `/bin/sh` elsewhere. */
  shell?: string;
  /** The environment the shell starts with (HOME decides which profile it reads). */
  env: NodeJS.ProcessEnv;
  /** A profile that hangs is given up on after this long; default 5 s. */
  timeoutMs?: number;
}

/**
 * The FSLDIR a login, interactive shell ends up with (it reads `.profile`, `.bash_profile`, `.zprofile`
 * and the rc files where FSL's installer or the user set it), or undefined when it sets none, fails,
 * or takes too long. Never used on Windows, where FSL does not run natively.
 *
 * @example
 * const fslDir = await probeLoginShellFslDir({ env: process.env }); // '/Users/me/fsl'
 */
export async function probeLoginShellFslDir(probe: LoginShellProbe): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  const shell = probe.shell ?? probe.env.SHELL ?? (process.platform === 'darwin' ? '/bin/zsh' : '/bin/sh');
  const run = await execa(shell, ['-i', '-l', '-c', `printf '%s%s\\n' '${MARKER}' "$FSLDIR"`], {
    env: probe.env,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: probe.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  if (run.failed) return undefined;
  const line = run.stdout.split(/\r?\n/).find((candidate) => candidate.startsWith(MARKER));
  const value = line?.slice(MARKER.length).trim();
  return value ? value : undefined;
}
