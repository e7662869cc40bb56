/**
 * How `veil scan` shows a scan: a tree (subject → session → series → files) with kind and state
 * badges and a summary line, or JSON rows for scripts.
 */
import { DefaceStateSchema, ImageKindSchema, type DatasetScan, type ScannedImage } from '../api/contract.js';

/** One `--json` row: what a script needs to pick images. */
export interface ScanJsonRow {
  path: string;
  subject: string | null;
  session: string | null;
  series: string | null;
  kind: ScannedImage['kind'];
  state: ScannedImage['state'];
}

/**
 * The `--json` rows of a scan, in its order.
 *
 * @example
 * console.log(JSON.stringify(scanJsonRows(scan), null, 2));
 */
export function scanJsonRows(scan: DatasetScan): ScanJsonRow[] {
  return scan.images.map(({ path, subject, session, series, kind, state }) => ({ path, subject, session, series, kind, state }));
}

/**
 * The readable tree of a scan, one string per line; levels a file lacks (no session, say) are skipped.
 *
 * @example
 * formatScanTree(scan);
 * // ['sub-001', '  ses-mri01', '    002-t1_mprage_sag_ipat2_1p0iso', '      00001_1.3.12….nii  [t1] [not-defaced]', …]
 */
export function formatScanTree(scan: DatasetScan): string[] {
  const lines: string[] = [];
  const open: (string | null)[] = [];
  for (const image of scan.images) {
    const levels = [image.subject ?? '(no subject)', image.session, image.series];
    let depth = 0;
    levels.forEach((label, level) => {
      if (label === null) return;
      if (open[level] !== label || lines.length === 0) {
        lines.push(`${'  '.repeat(depth)}${label}`);
        open.splice(level, open.length, label);
      }
      depth++;
    });
    const name = image.series === null ? image.path : image.path.slice(image.path.lastIndexOf('/') + 1);
    lines.push(`${'  '.repeat(depth)}${name}  ${badges(image)}`);
    if (image.reason !== null && (image.state === 'failed' || image.state === 'stale')) lines.push(`${'  '.repeat(depth + 1)}↳ ${image.reason}`);
  }
  return lines;
}

/** Said of images outside the primary data, so `[other]` always means the kind. */
const LOCATION_BADGES = { primary: null, derivatives: 'in derivatives', sourcedata: 'in sourcedata', other: 'outside the data' } as const;

function badges(image: ScannedImage): string {
  return [image.kind, image.state, LOCATION_BADGES[image.location]]
    .filter((badge) => badge !== null)
    .map((badge) => `[${badge}]`)
    .join(' ');
}

/**
 * One line counting images per kind and, for T1s, per state.
 *
 * @example
 * formatScanSummary(scan); // '4 images: 2 t1 (1 not-defaced, 1 defaced), 1 functional, 1 other'
 */
export function formatScanSummary(scan: DatasetScan): string {
  const parts = ImageKindSchema.options.flatMap((kind) => {
    const ofKind = scan.images.filter((image) => image.kind === kind);
    if (ofKind.length === 0) return [];
    const states = DefaceStateSchema.options
      .map((state) => [state, ofKind.filter((image) => image.state === state).length] as const)
      .filter(([, count]) => count > 0)
      .map(([state, count]) => `${count} ${state}`);
    return [`${ofKind.length} ${kind}${states.length ? ` (${states.join(', ')})` : ''}`];
  });
  const total = `${scan.images.length} image${scan.images.length === 1 ? '' : 's'}`;
  return parts.length ? `${total}: ${parts.join(', ')}` : total;
}
