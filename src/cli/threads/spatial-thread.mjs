// Entry of a worker_threads thread of the CLI's VMAF pool: registers tsx in this thread (the CLI runs its
// TypeScript without a build step), then loads the thread's code.
import { register } from 'tsx/esm/api';

register();
await import('./spatial-thread.ts');
