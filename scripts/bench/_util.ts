/** Small helpers shared by the benchmarks. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export function fmt(value: number, digits = 1): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function mib(bytes: number): string {
  return `${fmt(bytes / 1024 / 1024)} MiB`;
}

/** Bytes in kB of 1,000 bytes, as Vite reports chunk sizes. */
export function kB(bytes: number): string {
  return `${fmt(bytes / 1000)} kB`;
}
