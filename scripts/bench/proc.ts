/**
 * CPU and memory of other processes, read from /proc (Linux): what a server process costs while a benchmark
 * loads it. A process's CPU is `utime + stime` from /proc/<pid>/stat, in clock ticks.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface ProcStat {
  pid: number;
  ppid: number;
  cpuTicks: number;
  /** CPU of its children that exited and were reaped (cutime + cstime). */
  reapedTicks: number;
}

/** Fields after the command name (which may hold spaces and parentheses): state, ppid, …, utime (14), stime (15), cutime, cstime. */
function readStat(pid: number): ProcStat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), reapedTicks: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return null;
  }
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() ?? 0;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
}

/**
 * CPU time (user + system) in milliseconds of `root` and everything below it, including children it has reaped:
 * a PostgreSQL backend that exits between two readings still counts (its time moves to the postmaster's cutime).
 */
export function treeCpuMs(root: number): number {
  let ticks = readStat(root)?.reapedTicks ?? 0;
  for (const pid of processTree(root)) ticks += readStat(pid)?.cpuTicks ?? 0;
  return (ticks / clockTicks()) * 1000;
}

/** Resident memory in MB (VmRSS), or NaN when the process is gone. */
export function rssMb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Milliseconds the process's threads spent runnable but waiting for a CPU (the second field of each
 * /proc/<pid>/task/<tid>/schedstat, in nanoseconds), summed: on a shared machine, the time other processes took
 * from it. NaN when the kernel keeps no scheduler statistics.
 */
export function runQueueWaitMs(pid: number): number {
  try {
    let ns = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const fields = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").trim().split(" ");
      ns += Number(fields[1] ?? 0);
    }
    return ns / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** Stops a child started with `detached: true` and its whole process group: SIGTERM, then SIGKILL after 20 s. */
export function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve();
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid ?? 0), signal);
      } catch {
        // Already gone.
      }
    };
    const force = setTimeout(() => kill("SIGKILL"), 20_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    kill("SIGTERM");
  });
}
