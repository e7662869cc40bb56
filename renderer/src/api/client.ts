/**
 * Typed calls to the core. Answers are validated against the contract before the UI sees them,
 * and every failure (including a core that does not answer) comes back as a Result, never a throw.
 */
import {
  events,
  EventMessageSchema,
  isEventName,
  methods,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from '../../../src/api/contract.js';
import { describeZodError, fail, resultSchema, type Result } from '../../../src/api/result.js';
import { detectTransport, type Transport } from './transport.js';

let transport: Transport | null = null;
const currentTransport = () => (transport ??= detectTransport());

/**
 * Calls one method of the contract.
 *
 * @example
 * const info = await call('app.info', {});
 * if (info.ok) console.log(info.value.version);
 */
export async function call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<Result<MethodResult<M>>> {
  let raw: unknown;
  try {
    raw = await currentTransport().invoke({ method, params });
  } catch (error) {
    return fail('UNAVAILABLE', `Veil's core did not answer ${method}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = resultSchema(methods[method].result).safeParse(raw);
  if (!parsed.success) return fail('INTERNAL', `Unexpected answer to ${method}: ${describeZodError(parsed.error)}`);
  return parsed.data as Result<MethodResult<M>>;
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
