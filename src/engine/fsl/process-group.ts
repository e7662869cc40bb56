/**
 * Running an external tool as the leader of its own process group, so that stopping it stops
 * everything it started: FSL's scripts start bet, flirt and fslmaths, and killing only the script
 * would leave those running (re-parented to PID 1). `detached` also turns off execa's kill-on-exit,
 * so the groups still running are killed here when Node exits.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { CancellationFlag } from '../engine.js';

export interface GroupRunSpec {
  command: string;
  args: readonly string[];
  /** The whole environment of the tool (nothing of this process's is added). */
  env: NodeJS.ProcessEnv;
  /** After this long the group is killed and the run ends as 'timed-out'. */
  timeoutMs: number;
  /** Polled (it is a flag, not an event); once aborted the group is killed and the run ends as 'cancelled'. */
  cancellation: CancellationFlag;
  /** Between SIGTERM to the group and SIGKILL. */
  killGraceMs: number;
  /** Each line the tool writes, as it comes, from stdout or stderr. */
  onLine(line: string, stream: 'stdout' | 'stderr'): void;
}

export interface GroupRunResult {
  /** 'exited' covers any exit code and death by a signal nobody here sent. */
  ending: 'exited' | 'timed-out' | 'cancelled' | 'not-started';
  exitCode?: number;
  signal?: string;
  /** Why the tool could not be started, when it could not. */
  startError?: string;
}

const CANCELLATION_POLL_MS = 100;
const GROUP_POLL_MS = 50;

/** Process group ids of the runs still going, killed if Node exits before they end. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * Runs `spec.command` in a new process group and waits for it to end; when it is cancelled, times
 * out or exits leaving children behind, the whole group is stopped (SIGTERM, then SIGKILL after the
 * grace period) before this returns.
 *
 * @example
 * const result = await runInProcessGroup({ command: '/fsl/bin/fsl_deface', args: [input, base], env: { ...process.env, FSLOUTPUTTYPE: 'NIFTI_GZ' },
 *   timeoutMs: 30 * 60_000, cancellation: signal, killGraceMs: 5_000, onLine: (line) => console.log(line) });
 * if (result.ending === 'exited' && result.exitCode === 0) …
 */
export async function runInProcessGroup(spec: GroupRunSpec): Promise<GroupRunResult> {
  installExitHook();
  const child = execa(spec.command, [...spec.args], {
    detached: true,
    cleanup: false,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    env: spec.env,
    extendEnv: false,
  });
  const pid = child.pid;
  if (pid === undefined) {
    const failed = await child;
    return { ending: 'not-started', startError: failed.originalMessage ?? failed.shortMessage };
  }
  liveGroups.add(pid);

  let stopping: 'timed-out' | 'cancelled' | undefined;
  const stop = (reason: 'timed-out' | 'cancelled') => {
    if (stopping) return;
    stopping = reason;
    void stopGroup(pid, spec.killGraceMs);
  };
  const poll = setInterval(() => {
    if (spec.cancellation.aborted) stop('cancelled');
  }, CANCELLATION_POLL_MS);
  const deadline = setTimeout(() => stop('timed-out'), spec.timeoutMs);
  // The leader's exit, not the end of its output: a process it left behind may hold the pipes open.
  const leaderExited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = Promise.all([readLines(child.stdout, 'stdout', spec.onLine), readLines(child.stderr, 'stderr', spec.onLine)]);
  try {
    await leaderExited;
    // Whatever the leader left in its group must not outlive the run.
    await stopGroup(pid, spec.killGraceMs);
    const [result] = await Promise.all([child, lines]);
    if (stopping) return { ending: stopping };
    return { ending: 'exited', exitCode: result.exitCode, signal: result.signal };
  } finally {
    clearInterval(poll);
    clearTimeout(deadline);
    liveGroups.delete(pid);
  }
}

/** Sends SIGTERM to the group, and SIGKILL if any member is still there after the grace period. */
async function stopGroup(groupId: number, graceMs: number): Promise<void> {
  if (!signalGroup(groupId, 'SIGTERM')) return;
  for (let waited = 0; waited < graceMs; waited += GROUP_POLL_MS) {
    await sleep(GROUP_POLL_MS);
    if (!signalGroup(groupId, 0)) return;
  }
  signalGroup(groupId, 'SIGKILL');
}

/** false when the group no longer exists. */
function signalGroup(groupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Only synchronous work is possible on 'exit': no grace period, straight to SIGKILL.
  process.on('exit', () => {
    for (const groupId of liveGroups) signalGroup(groupId, 'SIGKILL');
  });
}

async function readLines(stream: Readable | null, name: 'stdout' | 'stderr', onLine: GroupRunSpec['onLine']): Promise<void> {
  if (!stream) return;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) onLine(line, name);
}
