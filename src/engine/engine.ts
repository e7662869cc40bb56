/**
 * The interface every deface engine implements (Veil's native engine, FSL's fsl_deface), so the batch
 * runner, the CLI and the app treat them alike.
 */
import type { DefaceParameters, SelfCheck } from '../api/deface.js';

export interface EngineAvailability {
  available: boolean;
  /** The engine's version when available, e.g. `0.1.0` or FSL's `6.0.7.9`. */
  version?: string;
  /** Why it is not available, for people. */
  reason?: string;
}

export interface DefaceRequest {
  input: string;
  output: string;
  parameters: DefaceParameters;
  /** Also write the removal mask (1 = removed) as NIfTI. */
  maskOut?: string;
  /** Also write the engine's brain mask as NIfTI. */
  brainOut?: string;
  /** Write QC pictures `PREFIX_front.png`, `PREFIX_left.png`, `PREFIX_right.png` (before | after). */
  qcPngPrefix?: string;
  /** Leave out the recognizability check (face detection on 3D renders), which runs by default. */
  skipRecognizability?: boolean;
}

export interface DefaceProgress {
  stage: string;
  /** 0…1 over the whole run. */
  fraction: number;
}

/** The answer of a run: the self-check (also written next to the output as `*.veil.json`). */
export interface DefaceOutcome {
  selfCheck: SelfCheck;
  sidecar: string;
  qcPictures: string[];
}

/** Something that can tell whether it was cancelled: an AbortSignal, or a flag shared with a worker. */
export interface CancellationFlag {
  readonly aborted: boolean;
}

export interface DefaceEngine {
  readonly name: string;
  detect(): Promise<EngineAvailability>;
  run(request: DefaceRequest, onProgress: (progress: DefaceProgress) => void, cancellation: CancellationFlag): Promise<DefaceOutcome>;
}

/**
 * The error an engine throws when its run was cancelled; no output is left behind.
 *
 * @example
 * if (cancellation.aborted) throw new CancelledError();
 */
export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled.');
    this.name = 'AbortError';
  }
}
