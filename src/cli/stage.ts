/**
 * `veil stage DIR OUT`: builds the publication copy and decides the gate. Choices given on the command
 * line (generalization, institution) are saved and confirmed first, as typed decisions. Exit codes:
 * 0 the gate passed, 4 it did not (blocking findings remain or checklist items are open), 1 error,
 * 2 bad usage.
 */
import path from 'node:path';
import { confirmGeneralization, confirmMetadata } from '../checklist/items/choices.js';
import { stagePublicationCopy } from '../checklist/stage/stage-copy.js';
import { formatFindings, formatGate } from './checklist-output.js';
import { generalizationChoices, metadataChoices, type GeneralizationFlags, type MetadataFlags } from './choices.js';
import { EXIT_BLOCKED, EXIT_OK } from './exit-codes.js';

export interface StageCliOptions extends GeneralizationFlags, MetadataFlags {
  force: boolean;
  json: boolean;
}

/** Blocking findings printed before the rest is only counted. */
const PRINTED_FINDINGS = 50;

/**
 * Stages the copy and prints what happened; resolves with the exit code.
 *
 * @example
 * process.exitCode = await stageCommand('/data/study', '/data/study-publication', { force: false, json: false });
 */
export async function stageCommand(dir: string, out: string, options: StageCliOptions): Promise<number> {
  const root = path.resolve(dir);
  const generalization = generalizationChoices(options);
  const metadata = metadataChoices(options);
  if (generalization) await confirmGeneralization(root, generalization);
  if (metadata) await confirmMetadata(root, metadata);
  const say = options.json ? () => undefined : (line: string) => console.log(line);
  let lastPhase = '';
  const result = await stagePublicationCopy(root, out, {
    replace: options.force,
    onProgress: (progress) => {
      if (progress.phase !== lastPhase && !options.json) console.error(`veil: ${progress.phase}…`);
      lastPhase = progress.phase;
    },
  });
  if (options.json) {
    // The re-check is the record's findings again, with counts: printed once.
    console.log(JSON.stringify({ ...result, check: undefined }, null, 2));
  } else {
    say(`Staged ${result.files.length} files into ${result.out} (${result.excluded.length} left out); MANIFEST sha256 ${result.manifestSha256}.`);
    for (const line of formatFindings(result.findings, PRINTED_FINDINGS)) say(line);
    for (const line of formatGate(result.gate)) say(line);
  }
  return result.gate.passed ? EXIT_OK : EXIT_BLOCKED;
}
