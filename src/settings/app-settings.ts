/**
 * The desktop app's own settings, one small JSON file in the user's application-data folder (the
 * shell says where). Today it holds only where FSL is, chosen in the app ("Locate FSL…"), because a
 * desktop app cannot rely on the shell's environment to find it.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { VeilError } from '../api/result.js';
import { writeJsonAtomic } from '../files/write-json-atomic.js';

const AppSettingsSchema = z.strictObject({
  /** The FSL installation folder (what FSLDIR names), e.g. `/usr/local/fsl`. */
  fslDir: z.string().min(1).optional(),
});
export type AppSettings = z.infer<typeof AppSettingsSchema>;

/**
 * The settings stored in `file`; none yet (no file) is `{}`. A file that is not valid settings is an
 * error rather than silently forgotten, so a hand edit that went wrong is reported.
 *
 * @example
 * const { fslDir } = await readAppSettings(path.join(app.getPath('userData'), 'settings.json'));
 */
export async function readAppSettings(file: string): Promise<AppSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new VeilError('BAD_REQUEST', `${file} is not JSON.`);
  }
  const settings = AppSettingsSchema.safeParse(parsed);
  if (!settings.success) throw new VeilError('BAD_REQUEST', `${file} does not hold Veil's settings: ${settings.error.issues[0]?.message ?? 'invalid'}.`);
  return settings.data;
}

/**
 * Stores `settings` in `file`, atomically, creating its folder.
 *
 * @example
 * await writeAppSettings(file, { ...(await readAppSettings(file)), fslDir: '/usr/local/fsl' });
 */
export async function writeAppSettings(file: string, settings: AppSettings): Promise<void> {
  await writeJsonAtomic(file, AppSettingsSchema.parse(settings));
}
