/**
 * Pictures of the recognizability check: per view, the original's render | the defaced render, with
 * every face the detector found drawn on it (a box with its score as a bar, and the eyes, nose and
 * mouth it placed). Red on the defaced side (a failure), green on the original.
 */
import type { Recognizability, ViewDetection } from '../api/deface.js';
import { encodeRgbPng, type GrayImage, type RgbImage } from '../image/png.js';
import { readNifti, scaledVoxels } from '../nifti/index.js';
import { checkRecognizabilityWithPictures, type RecognizabilityRun } from './check-recognizability.js';

export interface RecognizabilityPicture {
  /** The view's name, e.g. `front`. */
  view: string;
  /** original | defaced, with the detections drawn. */
  png: Buffer;
}

const GAP = 8;
const ORIGINAL_COLOUR: [number, number, number] = [40, 200, 80];
const DEFACED_COLOUR: [number, number, number] = [230, 40, 40];

/**
 * Runs the check on two NIfTI files and returns its result with one PNG per view: what the report
 * (and the Compare view) shows. Takes as long as the check (about 2–3 s).
 *
 * @example
 * const { result, pictures } = await recognizabilityPicturesForFiles('sub-01_T1w.nii.gz', 'defaced.nii.gz');
 * await writeFile(`qc/sub-01_${pictures[0].view}.png`, pictures[0].png);
 */
export async function recognizabilityPicturesForFiles(original: string, defaced: string): Promise<{ result: Recognizability; pictures: RecognizabilityPicture[] }> {
  const [originalVolume, defacedVolume] = await Promise.all([original, defaced].map(async (file) => scaledVoxels(await readNifti(file))));
  const run = await checkRecognizabilityWithPictures(originalVolume, defacedVolume);
  return { result: run.result, pictures: recognizabilityPictures(run) };
}

/**
 * One PNG per view of a finished check.
 *
 * @example
 * const pictures = recognizabilityPictures(await checkRecognizabilityWithPictures(original, defaced));
 */
export function recognizabilityPictures(run: RecognizabilityRun): RecognizabilityPicture[] {
  return viewImages(run).map(({ view, image }) => ({ view, png: encodeRgbPng(image) }));
}

/**
 * Every view of a pair in one PNG, one row per view (original | defaced): what the Compare view shows.
 *
 * @example
 * const png = await recognizabilitySheetForFiles('sub-01_T1w.nii.gz', 'defaced.nii.gz');
 */
export async function recognizabilitySheetForFiles(original: string, defaced: string): Promise<Buffer> {
  const [originalVolume, defacedVolume] = await Promise.all([original, defaced].map(async (file) => scaledVoxels(await readNifti(file))));
  const rows = viewImages(await checkRecognizabilityWithPictures(originalVolume, defacedVolume)).map(({ image }) => image);
  const width = Math.max(...rows.map((row) => row.width));
  const height = rows.reduce((sum, row) => sum + row.height + GAP, -GAP);
  const pixels = new Uint8Array(width * Math.max(height, 0) * 3);
  let top = 0;
  for (const row of rows) {
    for (let line = 0; line < row.height; line++) pixels.set(row.pixels.subarray(line * row.width * 3, (line + 1) * row.width * 3), ((top + line) * width) * 3);
    top += row.height + GAP;
  }
  return encodeRgbPng({ width, height: Math.max(height, 0), pixels });
}

/** Per view, the original's render | the defaced render, with the detections drawn. */
function viewImages(run: RecognizabilityRun): { view: string; image: RgbImage }[] {
  return run.result.views.map((view, index) => {
    const picture = run.pictures[index];
    const left = withDetections(picture.original, view.original, ORIGINAL_COLOUR);
    const right = withDetections(picture.defaced, view.defaced, DEFACED_COLOUR);
    return { view: view.name, image: besideEachOther(left, right) };
  });
}

/** The grey render in colour, with each face's box, score bar and landmarks drawn (none when not looked at). */
function withDetections(picture: GrayImage, detection: ViewDetection | null, colour: [number, number, number]): RgbImage {
  const image: RgbImage = { width: picture.width, height: picture.height, pixels: new Uint8Array(picture.pixels.length * 3) };
  picture.pixels.forEach((value, index) => image.pixels.fill(value, index * 3, index * 3 + 3));
  for (const face of detection?.faces ?? []) {
    const { x, y, width, height } = face.box;
    strokeRectangle(image, x, y, width, height, colour);
    // The score as a bar along the top of the box: full width = 1.
    fillRectangle(image, x, y - 5, width * face.score, 4, colour);
    for (const [px, py] of Object.values(face.landmarks)) fillRectangle(image, px - 2, py - 2, 5, 5, colour);
  }
  return image;
}

function besideEachOther(left: RgbImage, right: RgbImage): RgbImage {
  const width = left.width + GAP + right.width;
  const height = Math.max(left.height, right.height);
  const pixels = new Uint8Array(width * height * 3);
  for (const [image, offset] of [[left, 0], [right, left.width + GAP]] as const) {
    for (let row = 0; row < image.height; row++) pixels.set(image.pixels.subarray(row * image.width * 3, (row + 1) * image.width * 3), (row * width + offset) * 3);
  }
  return { width, height, pixels };
}

function strokeRectangle(image: RgbImage, x: number, y: number, width: number, height: number, colour: [number, number, number]): void {
  fillRectangle(image, x, y, width, 2, colour);
  fillRectangle(image, x, y + height - 2, width, 2, colour);
  fillRectangle(image, x, y, 2, height, colour);
  fillRectangle(image, x + width - 2, y, 2, height, colour);
}

function fillRectangle(image: RgbImage, x: number, y: number, width: number, height: number, colour: [number, number, number]): void {
  const x0 = Math.max(0, Math.round(x)), x1 = Math.min(image.width, Math.round(x + width));
  const y0 = Math.max(0, Math.round(y)), y1 = Math.min(image.height, Math.round(y + height));
  for (let row = y0; row < y1; row++) for (let column = x0; column < x1; column++) image.pixels.set(colour, (row * image.width + column) * 3);
}
