/**
 * Finding FSL's `fsl_deface` and its version. FSLDIR comes before PATH because macOS GUI apps do not
 * inherit the shell's PATH, while FSLDIR is what FSL's own scripts need anyway.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export const FSL_DEFACE = 'fsl_deface';

/** Where fsl_deface was found, and the FSL installation it belongs to (when it looks like one). */
export interface FslLocation {
  executable: string;
  /** The FSL installation folder (holds bin/fsl_deface and etc/fslversion), passed to FSL as FSLDIR. */
  fslDir?: string;
  /** From `$FSLDIR/etc/fslversion`, else 'unknown'. */
  version: string;
}

export interface FslSearch {
  /** An explicit path to fsl_deface; when given, nothing else is searched. */
  executable?: string;
  /** The environment to read FSLDIR and PATH from. */
  env: NodeJS.ProcessEnv;
}

/**
 * Finds fsl_deface: the explicit path, else `$FSLDIR/bin/fsl_deface`, else the first on PATH.
 * Answers the location, or the reason (for people) it is not available.
 *
 * @example
 * const found = await locateFslDeface({ env: process.env });
 * if ('reason' in found) console.log(found.reason); else console.log(found.executable, found.version);
 */
export async function locateFslDeface(search: FslSearch): Promise<FslLocation | { reason: string }> {
  if (search.executable) {
    const executable = path.resolve(search.executable);
    if (!(await isExecutableFile(executable))) return { reason: `${executable} is not an executable file.` };
    return describeInstallation(executable, search.env.FSLDIR);
  }
  const fslDir = search.env.FSLDIR;
  if (fslDir) {
    const executable = path.resolve(fslDir, 'bin', FSL_DEFACE);
    if (await isExecutableFile(executable)) return describeInstallation(executable, fslDir);
  }
  for (const folder of (search.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const executable = path.resolve(folder, FSL_DEFACE);
    if (await isExecutableFile(executable)) return describeInstallation(executable, fslDir);
  }
  const where = fslDir ? `not in FSLDIR (${fslDir}/bin) nor on PATH` : 'FSLDIR is not set and it is not on PATH';
  return { reason: `FSL's ${FSL_DEFACE} was not found: ${where}. Install FSL and set FSLDIR, or give the path to ${FSL_DEFACE}.` };
}

/**
 * The FSL installation of an executable: the folder above its bin/ when that holds etc/fslversion
 * (so a PATH hit still gets FSLDIR and a version), else the FSLDIR given.
 */
async function describeInstallation(executable: string, givenFslDir: string | undefined): Promise<FslLocation> {
  const installation = path.dirname(path.dirname(executable));
  const ownVersion = await readFslVersion(installation);
  if (ownVersion) return { executable, fslDir: installation, version: ownVersion };
  if (givenFslDir) return { executable, fslDir: path.resolve(givenFslDir), version: (await readFslVersion(givenFslDir)) ?? 'unknown' };
  return { executable, version: 'unknown' };
}

/** The first line of `<fslDir>/etc/fslversion` (e.g. `6.0.7.9`, older FSL adds `:hash`), or undefined. */
async function readFslVersion(fslDir: string): Promise<string | undefined> {
  const text = await readFile(path.join(fslDir, 'etc', 'fslversion'), 'utf8').catch(() => undefined);
  const version = text?.split(/\r?\n/)[0]?.split(':')[0]?.trim();
  return version ? version : undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    await access(file, constants.X_OK);
    return info.isFile();
  } catch {
    return false;
  }
}
