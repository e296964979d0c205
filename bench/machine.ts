/** The machine a benchmark ran on, for the report: cores, CPU model, memory, Node, and how busy it was. */
import os from 'node:os';

/** What the README and the JSON say about the machine. */
export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load averages when the run started and ended. */
  readonly loadAtStart: number;
  loadAtEnd?: number;
}

/** The machine now. */
export function describeMachine(): Machine {
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAtStart: os.loadavg()[0],
  };
}

/** One line for people. */
export function machineLine(machine: Machine): string {
  const load =
    machine.loadAtEnd === undefined
      ? `load ${machine.loadAtStart.toFixed(1)}`
      : `load ${machine.loadAtStart.toFixed(1)} at start, ${machine.loadAtEnd.toFixed(1)} at end`;
  return `${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}; ${load} (1-minute average)`;
}
