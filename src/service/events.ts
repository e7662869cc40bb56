import { events, type EventMessage, type EventName, type EventPayload } from '../api/contract.js';

export type EventListener = (message: EventMessage) => void;

/**
 * Fan-out of contract events to the shells (IPC `webContents.send`, HTTP server-sent events).
 * Payloads are validated on the way out, like method results.
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  /**
   * Publishes one event to every subscriber.
   *
   * @example
   * bus.emit('datasets.opened', dataset);
   */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const message: EventMessage = { event, payload: events[event].parse(payload) };
    for (const listener of this.#listeners) listener(message);
  }

  /**
   * Subscribes to every event; returns the function that unsubscribes.
   *
   * @example
   * const stop = bus.subscribe((m) => console.log(m.event)); stop();
   */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
