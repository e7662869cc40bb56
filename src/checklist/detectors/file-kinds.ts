/**
 * What kind of file a path is, for choosing its detector: by name first, and for files without a
 * telling extension by content — the DICOM magic (`DICM` at byte 128), because DICOM files often have
 * no extension at all (`MR.1.3.12.2.1107…`, `IM_0001`), else text or binary. Nothing is left
 * unexamined: a file Veil cannot read is reported as unchecked.
 */
import { readHead } from '../files/nifti-prefix.js';

export type FileKind = 'nifti' | 'table' | 'json' | 'text' | 'dicom' | 'gzip' | 'qc-picture' | 'media' | 'unchecked';

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
  [/(\.(txt|md|rst|bval|bvec|m|py|r|sh|html?|css|js|tsx?|xml|ya?ml|ini|cfg|log|tex)|(^|\/)(README|CHANGES|LICENSE)[^/.]*)$/i, 'text'],
];

/**
 * The kind of a file by its name, or null when only its content can tell (no or unknown extension).
 *
 * @example
 * fileKindByName('sub-01/anat/sub-01_T1w.nii.gz'); // 'nifti'
 * fileKindByName('qc/sub-01_front.png');           // 'qc-picture'
 * fileKindByName('raw/MR.1.3.12.2.1107.5.2.32');    // null
 */
export function fileKindByName(relativePath: string): FileKind | null {
  return RULES.find(([pattern]) => pattern.test(relativePath))?.[1] ?? null;
}

/** Bytes looked at to tell text from binary. */
const SNIFF_BYTES = 8192;

/**
 * The kind of a file: by name, else DICOM by its magic, else text when its start has no NUL byte,
 * else `unchecked` (binary Veil cannot read).
 *
 * @example
 * await fileKind('/ds/raw/MR.1.3.12.2.1107.5.2.32.35131', 'raw/MR.1.3.12.2.1107.5.2.32.35131'); // 'dicom'
 * await fileKind('/ds/notes', 'notes');                                                         // 'text'
 */
export async function fileKind(absolutePath: string, relativePath: string): Promise<FileKind> {
  const byName = fileKindByName(relativePath);
  if (byName !== null) return byName;
  const head = await readHead(absolutePath, SNIFF_BYTES);
  if (head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d) return 'dicom';
  return head.includes(0) ? 'unchecked' : 'text';
}
