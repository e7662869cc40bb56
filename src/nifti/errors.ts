/**
 * The errors of NIfTI I/O. Every message starts with the file it is about, then says what is wrong
 * in words a person can act on. BAD_REQUEST: the file is not a readable image (damaged, truncated,
 * not NIfTI, not a 3D anatomical). UNSUPPORTED: a valid NIfTI file Veil does not handle (datatype,
 * .hdr/.img pair).
 */
import { VeilError } from '../api/result.js';

/**
 * The file is damaged or not what Veil needs (BAD_REQUEST).
 *
 * @example
 * throw badNifti(name, 'not a 3D image: it is 2D (256×256).');
 */
export function badNifti(name: string, problem: string): VeilError {
  return new VeilError('BAD_REQUEST', `${name}: ${problem}`);
}

/**
 * The file is valid NIfTI of a kind Veil does not handle (UNSUPPORTED).
 *
 * @example
 * throw unsupportedNifti(name, 'unsupported datatype RGB24 (128): …');
 */
export function unsupportedNifti(name: string, problem: string): VeilError {
  return new VeilError('UNSUPPORTED', `${name}: ${problem}`);
}
