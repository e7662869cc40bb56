/**
 * Findings in a NIfTI header and in a gzip member header. Converters leave text in `descrip`
 * (dcm2niix: `TE=2.4;Time=120517.042`), tools in `aux_file` and `intent_name`; extensions can carry a
 * whole DICOM header (ecode 2) or a processing history with paths and user names (AFNI, ecode 4);
 * gzip stores the original file name and a time.
 */
import { readExtensions } from '../../nifti/extensions.js';
import { maskValue, type Finding } from '../findings.js';
import type { GzipHeader } from '../files/gzip-header.js';
import type { NiftiPrefix } from '../files/nifti-prefix.js';
import { readNiftiTextFields } from '../files/nifti-text-fields.js';
import { findTextHits, TEXT_HIT_LABELS } from '../values/text-hits.js';
import { nameHits } from './name-findings.js';

/** Extension codes registered with the NIfTI committee that Veil names in messages. */
const EXTENSION_NAMES: Readonly<Record<number, string>> = {
  2: 'DICOM header',
  4: 'AFNI header (with history)',
  6: 'comment',
  8: 'XCEDE',
  14: 'FreeSurfer',
  16: 'Python pickle',
  32: 'CIfTI',
};

/**
 * Findings of a NIfTI file's header text fields and extensions.
 *
 * @example
 * niftiFindings('sub-01/anat/sub-01_T1w.nii.gz', await readNiftiPrefix(file), knownNames);
 * // [{rule: 'nifti.header-text', severity: 'warning', field: 'descrip', …}]
 */
export function niftiFindings(file: string, nifti: NiftiPrefix, knownNames: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const [field, text] of Object.entries(readNiftiTextFields(nifti.prefix, nifti.version))) {
    const hits = findTextHits(text, knownNames);
    findings.push({
      rule: 'nifti.header-text',
      severity: hits.length > 0 ? 'blocking' : 'warning',
      file,
      field,
      excerpt: maskValue(text),
      message: hits.length > 0 ? `The header field ${field} contains ${TEXT_HIT_LABELS[hits[0]?.kind ?? 'name']}; clear it.` : `The header field ${field} holds text; clear it.`,
    });
  }
  const { extensions } = readExtensions(nifti.prefix, nifti.version === 1 ? 348 : 540, nifti.littleEndian);
  for (const extension of extensions) {
    const name = EXTENSION_NAMES[extension.code] ?? `code ${extension.code}`;
    const text = new TextDecoder('latin1').decode(extension.data);
    const identifying = extension.code === 2 || findTextHits(text, knownNames).length > 0;
    findings.push({
      rule: 'nifti.extension',
      severity: identifying ? 'blocking' : 'warning',
      file,
      field: `extension ${extension.code}`,
      excerpt: '',
      message: `A header extension (${name}, ${extension.data.length} bytes)${identifying ? ' holds identifying data' : ' may hold identifying data'}; drop it.`,
    });
  }
  return findings;
}

/**
 * Findings of a gzip member header: a stored file name (blocking when it holds a UID or a date),
 * a stored time, a comment.
 *
 * @example
 * gzipFindings('sub-01/anat/sub-01_T1w.nii.gz', { storedName: '00001_1.3.12….nii', comment: null, mtime: 1700000000 });
 * // [{rule: 'gzip.stored-name', severity: 'blocking', …}, {rule: 'gzip.stored-time', severity: 'warning', …}]
 */
export function gzipFindings(file: string, gzip: GzipHeader): Finding[] {
  const findings: Finding[] = [];
  if (gzip.storedName !== null) {
    const identifying = nameHits(gzip.storedName).length > 0;
    findings.push({
      rule: 'gzip.stored-name',
      severity: identifying ? 'blocking' : 'warning',
      file,
      field: 'gzip FNAME',
      excerpt: maskValue(gzip.storedName),
      message: `The gzip header stores the original file name${identifying ? ', which holds a UID or a date' : ''}; recompress without it.`,
    });
  }
  if (gzip.comment !== null) {
    findings.push({ rule: 'gzip.stored-name', severity: 'warning', file, field: 'gzip FCOMMENT', excerpt: maskValue(gzip.comment), message: 'The gzip header stores a comment; recompress without it.' });
  }
  if (gzip.mtime !== 0) {
    findings.push({ rule: 'gzip.stored-time', severity: 'warning', file, field: 'gzip MTIME', excerpt: '', message: 'The gzip header stores a modification time; recompress with time 0.' });
  }
  return findings;
}
