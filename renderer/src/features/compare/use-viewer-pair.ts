/**
 * Attaches the two viewers to their canvases once, when the page is first idle after the app has
 * shown what it opens with: the Compare area is mounted with the app, so the viewers (WebGL contexts,
 * shaders, a warm-up draw) are ready before the first pair is opened, and do not compete with the
 * app's start (in software WebGL the warm-up is one ~0.75 s task; started at the first idle moment it
 * held back the first dataset view by as much). The WeakMap keeps StrictMode's
 * second effect run (same canvases) from attaching twice, which would give one canvas two sets of
 * mouse listeners and the window two more WebGL contexts.
 */
import { useEffect, useState, type RefObject } from 'react';
import { useVeil } from '../../state/store.js';
import { ViewerPair, webgl2Available } from './viewer-pair.js';

const attached = new WeakMap<HTMLCanvasElement, Promise<ViewerPair>>();

/** The longest the viewers wait for an idle page: a busy app still gets them this soon after it starts. */
const IDLE_TIMEOUT_MS = 1000;

const whenIdle = () => new Promise((resolve) => requestIdleCallback(resolve, { timeout: IDLE_TIMEOUT_MS }));

export type ViewerPairState = { status: 'attaching' } | { status: 'ready'; viewers: ViewerPair } | { status: 'failed'; message: string };

/**
 * The viewer pair on the two canvases, or why there is none (no WebGL2, niivue failed to start).
 *
 * @example
 * const viewers = useViewerPair(leftRef, rightRef);
 * if (viewers.status === 'failed') return <p role="alert">{viewers.message}</p>;
 */
export function useViewerPair(originalCanvas: RefObject<HTMLCanvasElement | null>, defacedCanvas: RefObject<HTMLCanvasElement | null>): ViewerPairState {
  const [state, setState] = useState<ViewerPairState>(() =>
    webgl2Available()
      ? { status: 'attaching' }
      : { status: 'failed', message: 'This browser cannot create a WebGL2 context, which the image viewer needs. Enable hardware acceleration or WebGL, or use another browser.' },
  );
  const appStarted = useVeil((s) => s.started);
  useEffect(() => {
    const left = originalCanvas.current;
    const right = defacedCanvas.current;
    if (state.status !== 'attaching' || !appStarted || !left || !right) return;
    let current = true;
    let attaching = attached.get(left);
    if (!attaching) {
      attaching = whenIdle().then(() => ViewerPair.attach(left, right));
      attached.set(left, attaching);
    }
    attaching.then(
      (viewers) => current && setState({ status: 'ready', viewers }),
      (error: unknown) => current && setState({ status: 'failed', message: `The image viewer could not start: ${error instanceof Error ? error.message : String(error)}` }),
    );
    return () => {
      current = false;
    };
  }, [originalCanvas, defacedCanvas, state.status, appStarted]);
  return state;
}
