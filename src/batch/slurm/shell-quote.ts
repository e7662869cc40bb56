/** Quoting for the one string Slurm hands to sh: `sbatch --wrap`. */

/**
 * Quotes one word for POSIX sh: single quotes, with each `'` written as `'\''`.
 *
 * @example
 * quoteForSh("/data/it's here/manifest.json"); // "'/data/it'\\''s here/manifest.json'"
 */
export function quoteForSh(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
