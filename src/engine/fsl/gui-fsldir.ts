/**
 * Where the desktop app takes FSLDIR from, in order: the folder the user chose in the app, the
 * environment it was started with (from a terminal), the user's login shell. The FSL engine then finds
 * `fsl_deface` through FSLDIR as on the command line (see locate-fsl.ts).
 */

export type FslDirSource = 'settings' | 'environment' | 'login shell';

export interface FslDirCandidates {
  /** The folder chosen with "Locate FSL…", from the app's settings. */
  settingsFslDir?: string;
  env: NodeJS.ProcessEnv;
  /** Asks the login shell; only called when neither of the above names a folder. */
  probeLoginShell(): Promise<string | undefined>;
}

/**
 * The FSLDIR the desktop app should use and where it came from, or null when none is known.
 *
 * @example
 * const found = await guiFslDir({ settingsFslDir, env: process.env, probeLoginShell: () => probeLoginShellFslDir({ env: process.env }) });
 * if (found) process.env.FSLDIR = found.fslDir;
 */
export async function guiFslDir(candidates: FslDirCandidates): Promise<{ fslDir: string; source: FslDirSource } | null> {
  if (candidates.settingsFslDir) return { fslDir: candidates.settingsFslDir, source: 'settings' };
  if (candidates.env.FSLDIR) return { fslDir: candidates.env.FSLDIR, source: 'environment' };
  const probed = await candidates.probeLoginShell();
  return probed ? { fslDir: probed, source: 'login shell' } : null;
}
