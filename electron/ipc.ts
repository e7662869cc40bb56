/**
 * The Electron transport of the API contract: one invoke channel and one event channel. Every call
 * is checked for its sender frame, then validated and answered by the core as a Result.
 */
import { ipcMain, type BrowserWindow } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../src/api/bridge.js';
import { InvokeRequestSchema } from '../src/api/contract.js';
import { describeZodError, fail } from '../src/api/result.js';
import type { VeilService } from '../src/service/veil-service.js';
import { isTrustedSender } from './security.js';

export function wireIpc(service: VeilService, window: BrowserWindow): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, request: unknown) => {
    if (event.sender !== window.webContents || !isTrustedSender(event.senderFrame)) {
      return fail('PERMISSION_DENIED', 'IPC refused: the sender is not Veil’s own window.');
    }
    const call = InvokeRequestSchema.safeParse(request);
    if (!call.success) return fail('BAD_REQUEST', `Malformed call: ${describeZodError(call.error)}`);
    return service.invoke(call.data.method, call.data.params);
  });
  const unsubscribe = service.events.subscribe((message) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, message);
  });
  window.on('closed', () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  });
}
