/**
 * The object the Electron preload puts on `window.veil`. It is only a pipe: the preload does not
 * interpret payloads; main validates requests and the renderer validates answers.
 */
export interface VeilBridge {
  /** Sends one `{method, params}` call; resolves with a Result envelope (unvalidated data). */
  invoke(request: unknown): Promise<unknown>;
  /** Subscribes to `{event, payload}` messages; returns the unsubscribe function. */
  onEvent(listener: (message: unknown) => void): () => void;
}

/** The IPC channel names shared by the preload and main. */
export const IPC_INVOKE_CHANNEL = 'veil:invoke';
export const IPC_EVENT_CHANNEL = 'veil:event';
