/**
 * Typed calls to the core. Answers are validated against the contract before the UI sees them,
 * and every failure (including a core that does not answer) comes back as a Result, never a throw.
 */
import {
  byteWrites,
  events,
  EventMessageSchema,
  isEventName,
  methods,
  type ByteReadName,
  type ByteReadParams,
  type ByteWriteName,
  type ByteWriteParams,
  type ByteWriteResult,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from '../../../src/api/contract.js';
import { z } from 'zod';
import { describeZodError, fail, resultSchema, type Result } from '../../../src/api/result.js';
import { detectTransport, type Transport } from './transport.js';

let transport: Transport | null = null;
const currentTransport = () => (transport ??= detectTransport());

/** Sends one call and checks its answer against `schema`; a core that throws or answers nonsense becomes a failed Result. */
async function answered(method: string, schema: z.ZodType, send: (transport: Transport) => Promise<unknown>): Promise<Result<unknown>> {
  let raw: unknown;
  try {
    raw = await send(currentTransport());
  } catch (error) {
    return fail('UNAVAILABLE', `Veil's core did not answer ${method}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = resultSchema(schema).safeParse(raw);
  return parsed.success ? (parsed.data as Result<unknown>) : fail('INTERNAL', `Unexpected answer to ${method}: ${describeZodError(parsed.error)}`);
}

/**
 * Calls one method of the contract.
 *
 * @example
 * const info = await call('app.info', {});
 * if (info.ok) console.log(info.value.version);
 */
export async function call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<Result<MethodResult<M>>> {
  const result = await answered(method, methods[method].result, (t) => t.invoke({ method, params }));
  return result as Result<MethodResult<M>>;
}

/**
 * Calls one byte-answering method (a volume for the viewer).
 *
 * @example
 * const bytes = await readBytes('volumes.read', { datasetId, path: 'sub-01/anat/sub-01_T1w.nii.gz' });
 * if (bytes.ok) await viewer.loadVolumes([{ url: 'sub-01_T1w.nii.gz', buffer: bytes.value.buffer }]);
 */
export async function readBytes<M extends ByteReadName>(method: M, params: ByteReadParams<M>): Promise<Result<Uint8Array<ArrayBuffer>>> {
  const result = await answered(method, z.instanceof(Uint8Array), (t) => t.readBytes({ method, params }));
  return result as Result<Uint8Array<ArrayBuffer>>;
}

/**
 * Calls one byte-sending method (a PNG snapshot).
 *
 * @example
 * await writeBytes('snapshots.save', { datasetId, original, view: 'face-3d', side: 'defaced' }, png);
 */
export async function writeBytes<M extends ByteWriteName>(method: M, params: ByteWriteParams<M>, body: Uint8Array): Promise<Result<ByteWriteResult<M>>> {
  const result = await answered(method, byteWrites[method].result, (t) => t.writeBytes({ method, params }, body));
  return result as Result<ByteWriteResult<M>>;
}

export type EventHandlers = { [E in EventName]?: (payload: EventPayload<E>) => void };

/**
 * Subscribes to core events; malformed messages are reported to `onInvalid` and dropped.
 *
 * @example
 * const stop = subscribe({ 'datasets.opened': (d) => console.log(d.name) }, console.error);
 */
export function subscribe(handlers: EventHandlers, onInvalid: (message: string) => void): () => void {
  return currentTransport().subscribe((raw) => {
    const message = EventMessageSchema.safeParse(raw);
    if (!message.success || !isEventName(message.data.event)) {
      onInvalid(`Ignored a malformed event from the core.`);
      return;
    }
    const name = message.data.event;
    const payload = events[name].safeParse(message.data.payload);
    if (!payload.success) {
      onInvalid(`Ignored event ${name}: ${describeZodError(payload.error)}`);
      return;
    }
    // The payload was just validated against this event's own schema; TypeScript cannot pair the two across the union.
    const handler = handlers[name] as ((payload: unknown) => void) | undefined;
    handler?.(payload.data);
  });
}
