/**
 * What kind of file a path is, for choosing its detector: by name first, and for files without a
 * telling extension by the DICOM magic (`DICM` at byte 128), because DICOM files often have no
 * extension at all (`MR.1.3.12.2.1107…`, `IM_0001`).
 */
import { readHead } from '../files/nifti-prefix.js';

export type FileKind = 'nifti' | 'table' | 'json' | 'text' | 'dicom' | 'gzip' | 'qc-picture' | 'media' | 'unchecked' | 'other';

const RULES: ReadonlyArray<readonly [RegExp, FileKind]> = [
  [/\.nii(\.gz)?$/i, 'nifti'],
  [/\.(tsv|csv)$/i, 'table'],
  [/\.json$/i, 'json'],
  [/\.(dcm|ima|dicom)$/i, 'dicom'],
  [/\.gz$/i, 'gzip'],
  // Veil's `--qc-png` pictures and anything named as QC: the "before" half shows the face.
  [/((^|[/_.-])qc([_.-]|$)[^/]*|_(front|left|right))\.(png|jpe?g)$/i, 'qc-picture'],
  [/\.(png|jpe?g|gif|bmp|tiff?|heic|webp|mp4|mov|avi|mkv|webm|wav|mp3|m4a|flac|ogg)$/i, 'media'],
  [/\.(xlsx?|ods|sav|dta|sas7bdat|rdata|rds|mat|accdb|mdb|docx?|pdf|zip|tar|tgz|7z|rar|edf|bdf|vhdr|eeg|fif|set|hdr|img)$/i, 'unchecked'],
  [/(\.(txt|md|rst)|(^|\/)(README|CHANGES|LICENSE)[^/.]*)$/i, 'text'],
];

/** Names whose content says what they are without a DICOM check (BIDS files with fixed names and extensions). */
const KNOWN_PLAIN = /\.(bval|bvec|m|py|r|sh|html?|css|js|tsx?|xml|yml|yaml|ini|cfg|log)$/i;

/**
 * The kind of a file by its name, or null when only its content can tell (no or unknown extension).
 *
 * @example
 * fileKindByName('sub-01/anat/sub-01_T1w.nii.gz'); // 'nifti'
 * fileKindByName('qc/sub-01_front.png');           // 'qc-picture'
 * fileKindByName('raw/MR.1.3.12.2.1107.5.2.32');    // null
 */
export function fileKindByName(relativePath: string): FileKind | null {
  const found = RULES.find(([pattern]) => pattern.test(relativePath));
  if (found) return found[1];
  return KNOWN_PLAIN.test(relativePath) ? 'other' : null;
}

/**
 * True when the file has the DICOM Part 10 preamble and magic (`DICM` at byte 128).
 *
 * @example
 * await hasDicomMagic('/raw/MR.1.3.12.2.1107.5.2.32.35131'); // true
 */
export async function hasDicomMagic(file: string): Promise<boolean> {
  const head = await readHead(file, 132);
  return head.length === 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d;
}

/**
 * The kind of a file: by name, else DICOM by its magic, else `other`.
 *
 * @example
 * await fileKind('/ds', 'raw/MR.1.3.12.2.1107.5.2.32.35131'); // 'dicom'
 */
export async function fileKind(absolutePath: string, relativePath: string): Promise<FileKind> {
  const byName = fileKindByName(relativePath);
  if (byName !== null) return byName;
  return (await hasDicomMagic(absolutePath)) ? 'dicom' : 'other';
}
