/**
 * The object the Electron preload puts on `window.veil`. It is only a pipe: the preload does not
 * interpret payloads; main validates requests and the renderer validates answers.
 */
export interface VeilBridge {
  /** Sends one `{method, params}` call; resolves with a Result envelope (unvalidated data). */
  invoke(request: unknown): Promise<unknown>;
  /** Sends one byte-answering `{method, params}` call; resolves with a Result whose value is a Uint8Array. */
  readBytes(request: unknown): Promise<unknown>;
  /** Sends one byte-sending call with its bytes; resolves with a Result envelope. */
  writeBytes(request: unknown, body: Uint8Array): Promise<unknown>;
  /** Subscribes to `{event, payload}` messages; returns the unsubscribe function. */
  onEvent(listener: (message: unknown) => void): () => void;
}

/** The IPC channel names shared by the preload and main. */
export const IPC_INVOKE_CHANNEL = 'veil:invoke';
export const IPC_EVENT_CHANNEL = 'veil:event';
export const IPC_READ_BYTES_CHANNEL = 'veil:read-bytes';
export const IPC_WRITE_BYTES_CHANNEL = 'veil:write-bytes';
