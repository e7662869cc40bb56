/**
 * The face models: @vladmandic/face-api's SSD MobileNet v1 detector, 68-point landmarks and face
 * descriptor (ResNet-34, the dlib recognition model), with their weights from the package's own
 * `model/` folder, on TensorFlow.js's WebAssembly backend (its .wasm files ship in
 * @tensorflow/tfjs-backend-wasm). Nothing is downloaded at run time and nothing is compiled at
 * install. Loaded once per process or worker thread and reused: loading took 0.4 s here, a detection
 * 0.2–0.3 s. The pure-JavaScript backend took 12 s for one detection.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as FaceApi from '@vladmandic/face-api';

export type FaceApiModule = typeof FaceApi;

let loading: Promise<FaceApiModule> | undefined;

/**
 * The loaded face models (loaded on the first call, then the same promise).
 *
 * @example
 * const faceapi = await loadFaceModels();
 * const faces = await locateFaces(faceapi, tensor, 0.5);
 */
export function loadFaceModels(): Promise<FaceApiModule> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw new Error(`The face detector could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  });
  return loading;
}

async function load(): Promise<FaceApiModule> {
  const require = createRequire(import.meta.url);
  // The Node build for the wasm backend (CommonJS); the package's default build needs tfjs-node.
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;
  // The package's types list the tensor operations only; these calls exist on its tf at run time.
  const tf = faceapi.tf as unknown as { setWasmPaths(prefix: string): void; setBackend(name: string): Promise<boolean>; ready(): Promise<void> };
  tf.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
  if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend did not start');
  await tf.ready();
  const modelFolder = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await Promise.all([
    faceapi.nets.ssdMobilenetv1.loadFromDisk(modelFolder),
    faceapi.nets.faceLandmark68Net.loadFromDisk(modelFolder),
    faceapi.nets.faceRecognitionNet.loadFromDisk(modelFolder),
  ]);
  return faceapi;
}
