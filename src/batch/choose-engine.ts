/**
 * Which engine a batch uses: `native`, `fsl`, or `auto` (FSL when it is found, else native). The
 * choice and why are returned so they can be shown and recorded.
 */
import { VeilError } from '../api/result.js';
import { createFslEngine } from '../engine/fsl/fsl-engine.js';
import { NATIVE_ENGINE_NAME } from '../engine/native-engine.js';
import { runNativeInWorker } from '../engine/worker/run-native-in-worker.js';
import { VEIL_VERSION } from '../paths.js';
import type { RunDeface } from './run-batch.js';

export type EngineChoice = 'auto' | 'native' | 'fsl';

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
 * const engine = await chooseEngine('auto', (line) => log.push(line));
 * console.log(`engine: ${engine.name} ${engine.version} (${engine.because})`);
 */
export async function chooseEngine(choice: EngineChoice, onLog: (line: string) => void): Promise<ChosenEngine> {
  const native: ChosenEngine = {
    name: NATIVE_ENGINE_NAME,
    version: VEIL_VERSION,
    because: 'asked for',
    runDeface: (request, onProgress, signal) => runNativeInWorker(request, onProgress, signal),
  };
  if (choice === 'native') return native;
  const fsl = createFslEngine({ onLog });
  const found = await fsl.detect();
  if (!found.available) {
    if (choice === 'fsl') throw new VeilError('UNAVAILABLE', `FSL was asked for but is not available: ${found.reason ?? 'not found'}.`);
    return { ...native, because: found.reason ?? 'FSL not found' };
  }
  return {
    name: fsl.name,
    version: found.version ?? 'unknown',
    because: choice === 'auto' ? 'FSL found' : 'asked for',
    runDeface: (request, onProgress, signal) => fsl.run(request, onProgress, signal),
  };
}
