/**
 * The NIfTI header's free-text fields, where converters and tools leave identifying text: `descrip`
 * (dcm2niix writes `TE=…;Time=hhmmss`), `aux_file`, `intent_name`, and NIfTI-1's legacy ANALYZE
 * `db_name`. Offsets from nifti1.h and nifti2.h (NIfTI-2 has no db_name).
 */

export type NiftiTextFieldName = 'descrip' | 'aux_file' | 'intent_name' | 'db_name';

interface FieldSpan {
  name: NiftiTextFieldName;
  offset: number;
  length: number;
}

const NIFTI1_FIELDS: readonly FieldSpan[] = [
  { name: 'db_name', offset: 14, length: 18 },
  { name: 'descrip', offset: 148, length: 80 },
  { name: 'aux_file', offset: 228, length: 24 },
  { name: 'intent_name', offset: 328, length: 16 },
];
const NIFTI2_FIELDS: readonly FieldSpan[] = [
  { name: 'descrip', offset: 240, length: 80 },
  { name: 'aux_file', offset: 320, length: 24 },
  { name: 'intent_name', offset: 508, length: 16 },
];

/**
 * The text fields' spans for a header version.
 *
 * @example
 * niftiTextFieldSpans(1).find((field) => field.name === 'descrip'); // {name: 'descrip', offset: 148, length: 80}
 */
export function niftiTextFieldSpans(version: 1 | 2): readonly FieldSpan[] {
  return version === 1 ? NIFTI1_FIELDS : NIFTI2_FIELDS;
}

/**
 * The fields' texts, keeping only non-empty ones. Every byte of a field counts, not only those before
 * the first NUL: text left behind a NUL is invisible to readers but still in the file. Decoded as
 * latin1 so every byte shows.
 *
 * @example
 * readNiftiTextFields(prefix, 1); // {descrip: 'TE=2.4;Time=120517.042'}
 */
export function readNiftiTextFields(prefix: Uint8Array, version: 1 | 2): Partial<Record<NiftiTextFieldName, string>> {
  const fields: Partial<Record<NiftiTextFieldName, string>> = {};
  for (const { name, offset, length } of niftiTextFieldSpans(version)) {
    const bytes = prefix.subarray(offset, offset + length);
    const text = new TextDecoder('latin1').decode(bytes).replace(/\0+/g, ' ').trim();
    if (text !== '') fields[name] = text;
  }
  return fields;
}
