/**
 * A real one-node Slurm cluster on this machine for the Slurm tests, set up as in the field notes
 * (/work/shared/FIELD-NOTES.md, "Slurm here"): munge, slurmctld and slurmd as root, no accounting.
 * Starting it is idempotent (a running cluster is reused) and serialised by a lock file, so two test
 * processes asking at once do not start the daemons twice.
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, cpus } from 'node:os';
import path from 'node:path';

const SLURM_CONF = '/etc/slurm/slurm.conf';
const MUNGE_KEY = '/etc/munge/munge.key';
const LOCK_FILE = '/tmp/veil-slurm-cluster.lock';
const REQUIRED_PROGRAMS = ['sbatch', 'squeue', 'scancel', 'sinfo', 'scontrol', 'slurmctld', 'slurmd', 'munged'];
const READY_TIMEOUT_MS = 30_000;
/** A lock older than this belongs to a test process that died while starting the cluster. */
const STALE_LOCK_MS = 60_000;

let starting: Promise<void> | undefined;

/**
 * Why the Slurm tests cannot run here, or null when a cluster is up (it is started when needed).
 *
 * @example
 * const reason = await slurmMissingReason();
 * describe.skipIf(reason !== null)(`Slurm${reason ? ` (skipped: ${reason})` : ''}`, () => { … });
 */
export async function slurmMissingReason(): Promise<string | null> {
  const missing = REQUIRED_PROGRAMS.filter((program) => findProgram(program) === null);
  if (missing.length > 0) return `Slurm is not installed (missing ${missing.join(', ')}; apt-get install -y slurm-wlm munge)`;
  if (process.getuid?.() !== 0) return 'starting a local Slurm cluster needs root';
  try {
    await startSlurmCluster();
    return null;
  } catch (error) {
    return `the local Slurm cluster did not start: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Starts munged, slurmctld and slurmd with a minimal one-node configuration, or reuses the running
 * cluster, and waits until the node is idle (at most 30 s).
 *
 * @example
 * await startSlurmCluster(); // then sbatch works
 */
export function startSlurmCluster(): Promise<void> {
  starting ??= withLock(startOnce).catch((error: unknown) => {
    starting = undefined;
    throw error;
  });
  return starting;
}

async function startOnce(): Promise<void> {
  if (await nodeIsUsable()) return;
  await ensureMunge();
  const node = hostname().split('.')[0] ?? 'localhost';
  for (const folder of ['/etc/slurm', '/var/spool/slurmctld', '/var/spool/slurmd', '/var/log/slurm']) await mkdir(folder, { recursive: true });
  if (!existsSync(SLURM_CONF)) await writeFile(SLURM_CONF, slurmConf(node));
  if (!(await isRunning('slurmctld'))) await execa('slurmctld', []);
  if (!(await isRunning('slurmd'))) await execa('slurmd', []);
  await waitForIdleNode(node);
}

function slurmConf(node: string): string {
  return `# Written by Veil's test support (test/support/slurm-cluster.ts): a one-node cluster without accounting.
ClusterName=veil-test
SlurmctldHost=${node}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=${node} CPUs=${cpus().length} RealMemory=8000 State=UNKNOWN
PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP
`;
}

async function ensureMunge(): Promise<void> {
  if ((await execa('sh', ['-c', 'munge -n | unmunge'], { reject: false })).exitCode === 0) return;
  if (!existsSync(MUNGE_KEY)) {
    const created = await execa('mungekey', ['--create'], { reject: false });
    if (created.exitCode !== 0) await execa('create-munge-key', []);
  }
  await mkdir('/run/munge', { recursive: true });
  await execa('munged', ['--force']);
}

async function isRunning(daemon: string): Promise<boolean> {
  return (await execa('pgrep', ['-x', daemon], { reject: false })).exitCode === 0;
}

/** The node takes jobs: idle, mixed or allocated (a cluster busy with another test's job is fine). */
async function nodeIsUsable(): Promise<boolean> {
  const sinfo = await execa('sinfo', ['-h', '-o', '%t'], { reject: false, timeout: 5_000 });
  return sinfo.exitCode === 0 && /^(idle|mix|alloc)/m.test(sinfo.stdout);
}

async function waitForIdleNode(node: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let resumed = false;
  while (Date.now() < deadline) {
    if (await nodeIsUsable()) return;
    const state = (await execa('sinfo', ['-h', '-o', '%t'], { reject: false })).stdout.trim();
    // A node left down by an earlier, killed cluster comes back only when told to.
    if (!resumed && /^(down|drain)/.test(state)) {
      resumed = true;
      await execa('scontrol', ['update', `nodename=${node}`, 'state=resume'], { reject: false });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const last = await execa('sinfo', [], { reject: false });
  throw new Error(`the node was not idle within ${READY_TIMEOUT_MS / 1000} s (sinfo: ${last.stdout || last.stderr})`);
}

/** Runs `work` holding an exclusive lock file, so parallel test processes start the cluster once. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + READY_TIMEOUT_MS + STALE_LOCK_MS;
  for (;;) {
    try {
      await (await open(LOCK_FILE, 'wx')).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(LOCK_FILE).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS) await rm(LOCK_FILE, { force: true });
      else if (Date.now() > deadline) throw new Error(`${LOCK_FILE} is held by another process`);
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    await rm(LOCK_FILE, { force: true });
  }
}

function findProgram(name: string): string | null {
  const folders = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  return folders.map((folder) => path.join(folder, name)).find((file) => existsSync(file)) ?? null;
}
