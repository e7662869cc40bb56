/**
 * Long-lived worker threads of one script, one job at a time each: a worker that answered its job
 * waits for the next one (with whatever it loaded, e.g. the face models), does not keep the process
 * alive while it waits, and ends after `idleMs` without work. A worker that crashed is not reused.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** How a job's message ends it: with a value, with an error, or not at all (undefined: progress). */
export type JobEnd<T> = { value: T } | { error: Error } | undefined;

interface IdleWorker {
  worker: Worker;
  timer: NodeJS.Timeout;
  forget: () => void;
}

/**
 * Workers kept between jobs.
 *
 * @example
 * const pool = new WorkerPool(script, 'face detection worker', 30_000);
 * const answer = await pool.run<Answer, Result>(job, (message) => ({ value: message.result }));
 */
export class WorkerPool {
  private readonly idle: IdleWorker[] = [];

  constructor(
    private readonly script: string,
    /** What the worker is called in errors ("The engine worker stopped unexpectedly"). */
    private readonly name: string,
    private readonly idleMs: number,
    /** The V8 heap limits of each worker (e.g. a small young generation); V8's defaults when absent. */
    private readonly resourceLimits: ResourceLimits = {},
  ) {}

  /** How many workers wait for a job. */
  get idleCount(): number {
    return this.idle.length;
  }

  /**
   * Posts `job` to an idle worker (or a new one) and settles with the first message that `end` turns
   * into a value or an error; a worker that stops or throws rejects the job and is dropped.
   */
  run<TMessage, TValue>(job: unknown, end: (message: TMessage) => JobEnd<TValue>): Promise<TValue> {
    return new Promise((resolve, reject) => {
      const worker = this.take();
      const finish = (reusable: boolean, action: () => void) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (reusable) this.keep(worker);
        else void worker.terminate();
        action();
      };
      const onMessage = (message: TMessage) => {
        const ended = end(message);
        if (ended !== undefined) finish(true, () => ('error' in ended ? reject(ended.error) : resolve(ended.value)));
      };
      const onError = (error: Error) => finish(false, () => reject(error));
      const onExit = (code: number) => finish(false, () => reject(new Error(`The ${this.name} stopped unexpectedly (exit code ${code}).`)));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      try {
        worker.postMessage(job);
      } catch (error) {
        // A job that cannot be cloned never reached the worker: it stays usable, and must not be left
        // referenced with this job's listeners (it would keep the process alive).
        finish(true, () => reject(error));
      }
    });
  }

  private take(): Worker {
    const idle = this.idle.pop();
    if (idle === undefined) return new Worker(this.script, { resourceLimits: this.resourceLimits });
    clearTimeout(idle.timer);
    idle.worker.off('error', idle.forget).off('exit', idle.forget);
    idle.worker.ref();
    return idle.worker;
  }

  private keep(worker: Worker): void {
    const forget = () => {
      clearTimeout(idle.timer);
      const index = this.idle.indexOf(idle);
      if (index >= 0) this.idle.splice(index, 1);
    };
    const idle: IdleWorker = {
      worker,
      timer: setTimeout(() => {
        forget();
        void worker.terminate();
      }, this.idleMs).unref(),
      forget,
    };
    // An idle worker that throws (or ends) is dropped; without an 'error' listener its error would
    // be thrown on the host's thread and end the app.
    worker.once('error', forget).once('exit', forget);
    // Waiting for work must not keep the process alive (a CLI run ends when its image is done).
    worker.unref();
    this.idle.push(idle);
  }
}
