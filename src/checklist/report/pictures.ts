/**
 * The QC pictures a report shows: Veil's `--qc-png` pictures and anything named as QC in the dataset,
 * and the Compare view's exports in `.veil/snapshots/` — embedded as data: URIs so the report is one
 * self-contained file. Only real PNG and JPEG files are embedded (checked by their signature), and
 * size is capped so a stray huge file cannot bloat the report.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { imageOfSnapshot } from '../../snapshots/save-snapshot.js';
import type { FolderSurvey } from '../check/survey-folder.js';

export interface ReportPicture {
  /** Where it came from, dataset-relative. */
  file: string;
  /** The T1 it shows, when its name tells (dataset-relative), else null. */
  image: string | null;
  dataUri: string;
}

const MAX_PICTURE_BYTES = 4 * 2 ** 20;
const MAX_PICTURES = 200;
const SNAPSHOTS = path.join('.veil', 'snapshots');

/** The MIME type by signature: PNG `\x89PNG`, JPEG `\xff\xd8\xff`; null for anything else. */
function pictureType(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

async function snapshotFiles(root: string): Promise<string[]> {
  try {
    const entries = await readdir(path.join(root, SNAPSHOTS), { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && /\.(png|jpe?g)$/i.test(entry.name))
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  } catch {
    return [];
  }
}

/** The name parts a picture of an image may carry: the image's file stem, else its subject (`sub-001_front.png`). */
function nameParts(images: readonly string[]): { image: string; part: string }[] {
  const stems = images.map((image) => ({ image, part: path.posix.basename(image).replace(/\.nii(\.gz)?$/i, '') }));
  const subjects = images.flatMap((image) => {
    const subject = /(?:^|[/_])(sub-[A-Za-z0-9]+)/.exec(image)?.[1];
    // A subject stands for an image only when it has one T1: otherwise the picture could be of either.
    return subject && images.filter((other) => other.includes(subject)).length === 1 ? [{ image, part: subject }] : [];
  });
  return [...stems.sort((a, b) => b.part.length - a.part.length), ...subjects];
}

/**
 * The pictures for the report, each matched to its T1: a Compare snapshot by its folder, any other
 * picture by the T1's file stem (or, failing that, subject) in its name.
 *
 * @example
 * await reportPictures(survey, ['sub-01/anat/sub-01_T1w.nii.gz']); // [{file: 'qc/sub-01_T1w_front.png', image: 'sub-01/anat/sub-01_T1w.nii.gz', dataUri: 'data:image/png;base64,…'}]
 */
export async function reportPictures(survey: FolderSurvey, images: readonly string[]): Promise<ReportPicture[]> {
  const candidates = [...survey.files.filter((file) => survey.kinds.get(file) === 'qc-picture'), ...(await snapshotFiles(survey.root))].slice(0, MAX_PICTURES);
  const parts = nameParts(images);
  const pictures: ReportPicture[] = [];
  for (const file of candidates) {
    const absolute = path.join(survey.root, ...file.split('/'));
    const info = await stat(absolute).catch(() => null);
    if (!info?.isFile() || info.size > MAX_PICTURE_BYTES) continue;
    const bytes = await readFile(absolute);
    const type = pictureType(bytes);
    if (type === null) continue;
    const name = path.posix.basename(file);
    const snapshotOf = imageOfSnapshot(file);
    const image = snapshotOf !== null && images.includes(snapshotOf) ? snapshotOf : (parts.find(({ part }) => name.includes(part))?.image ?? null);
    pictures.push({ file, image, dataUri: `data:${type};base64,${bytes.toString('base64')}` });
  }
  return pictures;
}
