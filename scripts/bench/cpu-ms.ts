/**
 * Process CPU time in milliseconds (user + system, process.cpuUsage) for the developer benchmarks that time kernels
 * on a shared machine, where other processes inflate wall time more than CPU time. Not part of the library.
 */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
