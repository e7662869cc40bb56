/**
 * The preload: the only bridge between the sandboxed renderer and main. It exposes a pipe
 * (`window.veil.invoke`, `window.veil.onEvent`) and nothing else: no Node, no ipcRenderer, no paths.
 * It imports only `electron` at run time (a sandboxed preload cannot load other modules); the
 * channel names are checked against src/api/bridge.ts by the type annotations below.
 */
import electron = require('electron');
import type { IpcRendererEvent } from 'electron';
import type { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_READ_BYTES_CHANNEL, IPC_WRITE_BYTES_CHANNEL, VeilBridge } from '../src/api/bridge.js';

const { contextBridge, ipcRenderer } = electron;
const invokeChannel: typeof IPC_INVOKE_CHANNEL = 'veil:invoke';
const eventChannel: typeof IPC_EVENT_CHANNEL = 'veil:event';
const readBytesChannel: typeof IPC_READ_BYTES_CHANNEL = 'veil:read-bytes';
const writeBytesChannel: typeof IPC_WRITE_BYTES_CHANNEL = 'veil:write-bytes';

const bridge: VeilBridge = {
  invoke: (request) => ipcRenderer.invoke(invokeChannel, request),
  // Typed arrays cross IPC by structured clone, as bytes: no base64 on the way.
  readBytes: (request) => ipcRenderer.invoke(readBytesChannel, request),
  writeBytes: (request, body) => ipcRenderer.invoke(writeBytesChannel, request, body),
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(eventChannel, forward);
    return () => {
      ipcRenderer.removeListener(eventChannel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('veil', bridge);
