/**
 * Which engine a batch uses: `native`, `fsl`, or `auto` (FSL when it is found, else native). The
 * choice and why are returned so they can be shown and recorded.
 */
import { VeilError } from '../api/result.js';
import type { FslDefaceOptions } from '../engine/fsl/fsl-command.js';
import { createFslEngine, FSL_ENGINE_NAME } from '../engine/fsl/fsl-engine.js';
import { NATIVE_ENGINE_NAME } from '../engine/native-engine.js';
import { runNativeInWorker } from '../engine/worker/run-native-in-worker.js';
import { VEIL_VERSION } from '../paths.js';
import type { RunDeface } from './run-batch.js';

export type EngineChoice = 'auto' | 'native' | 'fsl';

/** Where fsl_deface is when it is not found through FSLDIR or PATH, and its own options. */
export interface FslChoiceOptions {
  executable?: string;
  fsl?: FslDefaceOptions;
}

export interface ChosenEngine {
  name: string;
  version: string;
  /** Why this engine, in one line (e.g. "FSL not found: FSLDIR is not set and fsl_deface is not on PATH"). */
  because: string;
  runDeface: RunDeface;
}

/**
 * Picks the engine and returns how to run one deface with it.
 *
 * @example
 * const engine = await chooseEngine('auto', { executable: '/opt/fsl/bin/fsl_deface' });
 * console.log(`engine: ${engine.name} ${engine.version} (${engine.because})`);
 */
export async function chooseEngine(choice: EngineChoice, fslOptions: FslChoiceOptions = {}): Promise<ChosenEngine> {
  const native: ChosenEngine = {
    name: NATIVE_ENGINE_NAME,
    version: VEIL_VERSION,
    because: 'asked for',
    runDeface: (request, onProgress, signal) => runNativeInWorker(request, onProgress, signal),
  };
  if (choice === 'native') return native;
  const found = await createFslEngine(fslOptions).detect();
  if (!found.available) {
    if (choice === 'fsl') throw new VeilError('UNAVAILABLE', `FSL was asked for but is not available: ${found.reason ?? 'not found'}.`);
    return { ...native, because: found.reason ?? 'FSL not found' };
  }
  return {
    name: FSL_ENGINE_NAME,
    version: found.version ?? 'unknown',
    because: choice === 'auto' ? 'FSL found' : 'asked for',
    // One engine per image, so each image's FSL output goes to that image's log.
    runDeface: (request, onProgress, signal, onLog) => createFslEngine({ ...fslOptions, onLog }).run(request, onProgress, signal),
  };
}
