/**
 * A JSON sidecar made publishable: the keys that identify the participant, the staff, the session
 * or the site removed (institution keys only when not kept by a stated choice), study dates shifted
 * with the participant's offset or removed, identifiers in the remaining text redacted, references to
 * renamed files rewritten, and BIDS's `DeidentificationMethod` and `DeidentificationMethodCodeSequence`
 * saying what was done. Acquisition parameters stay as they are.
 */
import { VEIL_VERSION } from '../../paths.js';
import { classifySidecarKey } from '../detectors/sidecar-keys.js';
import type { GeneralizationChoices, MetadataChoices } from '../state/checklist-state.js';
import { formatIsoDate, parseDateValue } from '../values/dates.js';
import { findTextHits, redactText } from '../values/text-hits.js';
import type { DateShifter } from './date-shifter.js';

export interface SidecarScrubContext {
  dates: GeneralizationChoices['dates'];
  metadata: MetadataChoices;
  shifter: DateShifter;
  /** The participant the sidecar belongs to by its path, or '' for none. */
  participant: string;
  knownNames: ReadonlySet<string>;
  rewriteReference: (value: string) => string | null;
  /** The face-removal description of a defaced image whose place this sidecar takes, or null. */
  faceRemoval: { DeidentificationMethod: string[]; DeidentificationMethodCodeSequence: CodeItem[] } | null;
}

export interface CodeItem {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodingSchemeVersion?: string;
  CodeMeaning: string;
}

export interface ScrubbedSidecar {
  json: Record<string, unknown>;
  removed: string[];
  shifted: string[];
  redacted: string[];
}

/** DICOM PS3.16 CID 7050 codes for what scrubbing does. */
const BASIC_PROFILE: CodeItem = { CodeValue: '113100', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Basic Application Confidentiality Profile' };
const CLEAN_DESCRIPTORS: CodeItem = { CodeValue: '113105', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Clean Descriptors Option' };
const MODIFIED_DATES: CodeItem = { CodeValue: '113107', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Retain Longitudinal Temporal Information Modified Dates Option' };
const INSTITUTION_KEPT: CodeItem = { CodeValue: '113112', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Retain Institution Identity Option' };

/**
 * Scrubs one parsed sidecar (the input is not changed).
 *
 * @example
 * const { json, removed } = scrubSidecar({ PatientName: 'Vries^Jan', EchoTime: 0.002 }, context);
 * json;    // {EchoTime: 0.002, DeidentificationMethod: ['Veil … anonymization checklist: …'], DeidentificationMethodCodeSequence: [...]}
 * removed; // ['PatientName']
 */
export function scrubSidecar(input: Record<string, unknown>, context: SidecarScrubContext): ScrubbedSidecar {
  const removed: string[] = [];
  const shifted: string[] = [];
  const redacted: string[] = [];

  const scrubValue = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => scrubValue(item, `${path}[${index}]`));
    if (typeof value === 'object' && value !== null) return scrubObject(value as Record<string, unknown>, path);
    if (typeof value !== 'string') return value;
    const reference = context.rewriteReference(value);
    if (reference !== null) return reference;
    const hits = findTextHits(value, context.knownNames);
    if (hits.length === 0) return value;
    redacted.push(path);
    return redactText(value, hits);
  };

  const scrubObject = (object: Record<string, unknown>, prefix: string): Record<string, unknown> => {
    const output: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const keyClass = classifySidecarKey(key);
      if (keyClass === 'deidentification' && prefix === '') continue;
      if (keyClass === 'institution' && context.metadata.keepInstitution !== null) output[key] = value;
      else if (keyClass === 'date') {
        const moved = context.dates === 'shift' ? shiftValue(value, context) : null;
        if (moved === null) removed.push(path);
        else {
          output[key] = moved;
          shifted.push(path);
        }
      } else if (keyClass === 'keep' || keyClass === 'deidentification') output[key] = scrubValue(value, path);
      else removed.push(path);
    }
    return output;
  };

  const json = scrubObject(input, '');
  const dateNote = context.dates === 'shift' ? 'dates shifted to 1925 or earlier' : 'dates removed';
  const institutionNote = context.metadata.keepInstitution ? `, institution kept (${context.metadata.keepInstitution.reason})` : '';
  json.DeidentificationMethod = [
    ...asList(input.DeidentificationMethod),
    ...(context.faceRemoval?.DeidentificationMethod ?? []),
    `Veil ${VEIL_VERSION} anonymization checklist: identifying keys, UIDs and free text removed, ${dateNote}${institutionNote}`,
  ];
  json.DeidentificationMethodCodeSequence = mergeCodes([
    ...(Array.isArray(input.DeidentificationMethodCodeSequence) ? (input.DeidentificationMethodCodeSequence as CodeItem[]) : []),
    ...(context.faceRemoval?.DeidentificationMethodCodeSequence ?? []),
    BASIC_PROFILE,
    CLEAN_DESCRIPTORS,
    ...(context.dates === 'shift' ? [MODIFIED_DATES] : []),
    ...(context.metadata.keepInstitution ? [INSTITUTION_KEPT] : []),
  ]);
  return { json, removed, shifted, redacted };
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** Codes in order, each (scheme, value) once. */
function mergeCodes(codes: readonly CodeItem[]): CodeItem[] {
  const seen = new Set<string>();
  return codes.filter((code) => {
    const id = `${code.CodingSchemeDesignator}:${code.CodeValue}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** A date value shifted, written as ISO; null when it is not a date (then it is removed). */
function shiftValue(value: unknown, context: SidecarScrubContext): string | null {
  if (typeof value !== 'string') return null;
  const parsed = parseDateValue(value, { compact: true });
  if (!parsed) return null;
  const moved = context.shifter.shift(context.participant, parsed.date);
  return moved ? formatIsoDate(moved) : null;
}
