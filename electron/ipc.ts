/**
 * The Electron transport of the API contract: an invoke channel, two byte channels (volumes out,
 * snapshots in) and an event channel. Every call
 * is checked for its sender frame, then validated and answered by the core as a Result.
 */
import { ipcMain, type BrowserWindow } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_READ_BYTES_CHANNEL, IPC_WRITE_BYTES_CHANNEL } from '../src/api/bridge.js';
import { InvokeRequestSchema, MAX_SNAPSHOT_BYTES, type InvokeRequest } from '../src/api/contract.js';
import { describeZodError, fail, ok, type Result } from '../src/api/result.js';
import type { VeilService } from '../src/service/veil-service.js';
import { isTrustedSender } from './security.js';

/**
 * Answers the contract's calls from `window` over IPC and forwards core events to it.
 *
 * @example
 * wireIpc(createVeilService({ shell: 'electron', allowTypedPaths: false }), mainWindow);
 */
export function wireIpc(service: VeilService, window: BrowserWindow): void {
  /** The call, or why it is refused: a foreign sender or a malformed `{method, params}`. */
  const acceptedCall = (event: IpcMainInvokeEvent, request: unknown): Result<InvokeRequest> => {
    if (event.sender !== window.webContents || !isTrustedSender(event.senderFrame)) {
      return fail('PERMISSION_DENIED', 'IPC refused: the sender is not Veil’s own window.');
    }
    const call = InvokeRequestSchema.safeParse(request);
    return call.success ? ok(call.data) : fail('BAD_REQUEST', `Malformed call: ${describeZodError(call.error)}`);
  };
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, request: unknown) => {
    const call = acceptedCall(event, request);
    return call.ok ? service.invoke(call.value.method, call.value.params) : call;
  });
  ipcMain.handle(IPC_READ_BYTES_CHANNEL, async (event, request: unknown) => {
    const call = acceptedCall(event, request);
    return call.ok ? service.readBytes(call.value.method, call.value.params) : call;
  });
  ipcMain.handle(IPC_WRITE_BYTES_CHANNEL, async (event, request: unknown, body: unknown) => {
    const call = acceptedCall(event, request);
    if (!call.ok) return call;
    if (!(body instanceof Uint8Array) || body.byteLength > MAX_SNAPSHOT_BYTES) {
      return fail('BAD_REQUEST', `The bytes must be a Uint8Array of at most ${MAX_SNAPSHOT_BYTES} bytes.`);
    }
    return service.writeBytes(call.value.method, call.value.params, body);
  });
  const unsubscribe = service.events.subscribe((message) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, message);
  });
  window.on('closed', () => {
    unsubscribe();
    for (const channel of [IPC_INVOKE_CHANNEL, IPC_READ_BYTES_CHANNEL, IPC_WRITE_BYTES_CHANNEL]) ipcMain.removeHandler(channel);
  });
}
