/**
 * Resident memory of a process on Linux, from /proc: the peak (VmHWM), which can be reset so that a peak
 * belongs to one phase, and a sampler that records the current RSS as a cross-check.
 */
import { readFileSync, writeFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    )?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/** Peak resident memory in MB since the start or the last {@link resetPeak}; null when unreadable. */
export function peakRssMb(pid: number): number | null {
  return statusField(pid, 'VmHWM');
}

/** Current resident memory in MB; null when unreadable. */
export function rssMb(pid: number): number | null {
  return statusField(pid, 'VmRSS');
}

/** Resets the peak to the current RSS (Linux: `5` to /proc/PID/clear_refs); false when not allowed. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples RSS every `everyMs` until stopped; resolves with the highest sample (MB). */
export function sampleRss(pid: number, everyMs = 50): { stop(): number } {
  let highest = rssMb(pid) ?? 0;
  const timer = setInterval(() => {
    highest = Math.max(highest, rssMb(pid) ?? 0);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(highest, rssMb(pid) ?? 0);
    },
  };
}
