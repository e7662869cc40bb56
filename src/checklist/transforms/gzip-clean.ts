/**
 * gzip as the copy needs it: decompression that tolerates what real files carry (several members,
 * trailing zeros), and compression with an empty header — no stored file name, time 0 — which is
 * what Node's zlib writes (BIDS validators warn on a stored name or time).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { gunzipMembers } from '../../nifti/gzip.js';

const gzipAsync = promisify(zlib.gzip);

/** Decompressed files Veil holds in memory at most (the NIfTI reader's own limit). */
const MAX_DECOMPRESSED_BYTES = 2 ** 31 + 2 ** 28;

/**
 * The decompressed bytes of every member; errors name the file.
 *
 * @example
 * const data = gunzipFile(await readFile('x.nii.gz'), 'x.nii.gz');
 */
export function gunzipFile(bytes: Uint8Array, name: string): Uint8Array {
  return gunzipMembers(bytes, name, MAX_DECOMPRESSED_BYTES).data;
}

/**
 * gzip-compresses with no file name and modification time 0.
 *
 * @example
 * const bytes = await gzipWithoutNameOrTime(data); // bytes[3] === 0 (no FNAME), bytes[4..7] === 0
 */
export async function gzipWithoutNameOrTime(data: Uint8Array): Promise<Uint8Array> {
  return gzipAsync(data);
}
