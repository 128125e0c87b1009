/**
 * WorkerBridge (./worker-bridge.ts) in Node: the "worker" is a Comlink endpoint on a MessageChannel port with
 * Worker's terminate() and error event, so start, abort, stop, failure, idle shutdown and progress are checked
 * without a browser. The e2e specs of the pages (pieapp-app, vidaio, history…) cover the real workers.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { progress, runOnce, WorkerBridge } from './worker-bridge.ts';

interface FakeApi {
  echo(x: number): number;
  /** Never settles (busy work that only terminating stops). */
  hang(): Promise<never>;
  count(n: number, onStep?: (i: number) => void | Promise<void>): Promise<number>;
}

interface Fake {
  worker: Worker;
  terminated: boolean;
  /** Fires the Worker 'error' event, as a module script that fails to load or a crash does. */
  fail(message: string): void;
}

const opened: MessagePort[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

function fakeWorker(): Fake {
  const { port1, port2 } = new MessageChannel();
  opened.push(port1, port2);
  const api: FakeApi = {
    echo: (x) => x * 2,
    hang: () => new Promise<never>(() => {}),
    async count(n, onStep) {
      for (let i = 1; i <= n; i++) await onStep?.(i);
      return n;
    },
  };
  Comlink.expose(api, port2 as unknown as Comlink.Endpoint);
  const errors = new EventTarget();
  const fake: Fake = {
    terminated: false,
    worker: Object.assign(port1, {
      terminate() {
        fake.terminated = true;
        port1.close();
        port2.close();
      },
      addEventListener(type: string, fn: EventListener, opts?: AddEventListenerOptions) {
        if (type === 'error') errors.addEventListener(type, fn, opts);
        else EventTarget.prototype.addEventListener.call(port1, type, fn, opts);
      },
    }) as unknown as Worker,
    fail(message) {
      const e = new Event('error') as Event & { message: string };
      e.message = message;
      errors.dispatchEvent(e);
    },
  };
  return fake;
}

function abortIn(ms: number): AbortSignal {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), ms);
  return ac.signal;
}

function bridgeOf(idleMs?: number) {
  const made: Fake[] = [];
  const bridge = new WorkerBridge<FakeApi>({
    create: () => {
      const f = fakeWorker();
      made.push(f);
      return f.worker;
    },
    what: 'The test work',
    idleMs,
  });
  return { bridge, made };
}

describe('WorkerBridge', () => {
  it('starts its worker on the first call and reuses it', async () => {
    const { bridge, made } = bridgeOf(Infinity);
    expect(made.length).toBe(0);
    expect(await bridge.call(undefined, (api) => api.echo(21))).toBe(42);
    expect(await bridge.call(undefined, (api) => api.echo(2))).toBe(4);
    expect(made.length).toBe(1);
    bridge.stop();
  });

  it('an abort terminates the worker and rejects with an AbortError naming the work; the next call starts afresh', async () => {
    const { bridge, made } = bridgeOf(Infinity);
    const ac = new AbortController();
    const pending = bridge.call(ac.signal, (api) => api.hang());
    const other = bridge.call(undefined, (api) => api.hang());
    await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    // The caller's own AbortError comes back; the other call on that worker gets one too.
    await expect(pending).rejects.toBe(ac.signal.reason);
    await expect(other).rejects.toMatchObject({ name: 'AbortError' });
    expect(made[0]!.terminated).toBe(true);
    expect(bridge.started).toBe(false);
    expect(await bridge.call(undefined, (api) => api.echo(1))).toBe(2);
    expect(made.length).toBe(2);
    bridge.stop();
  });

  it('an already-aborted signal rejects before any worker starts, with the signal’s own AbortError', async () => {
    const { bridge, made } = bridgeOf();
    const ac = new AbortController();
    ac.abort();
    await expect(bridge.call(ac.signal, (api) => api.echo(1))).rejects.toBe(ac.signal.reason);
    expect(made.length).toBe(0);
  });

  it('stop() rejects the calls in flight', async () => {
    const { bridge } = bridgeOf(Infinity);
    const pending = bridge.call(undefined, (api) => api.hang());
    await new Promise((r) => setTimeout(r, 10));
    bridge.stop();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'The test work was cancelled' });
  });

  it('a worker that fails (cannot start, crashes) rejects its calls with a clear message, and the next call restarts it', async () => {
    const { bridge, made } = bridgeOf(Infinity);
    const pending = bridge.call(undefined, (api) => api.hang());
    made[0]!.fail('Failed to fetch a dynamically imported module');
    await expect(pending).rejects.toThrow('The test work failed: Failed to fetch a dynamically imported module');
    expect(made[0]!.terminated).toBe(true);
    const silent = bridge.call(undefined, (api) => api.hang());
    made[1]!.fail('');
    await expect(silent).rejects.toThrow('The test work failed: the worker could not start or stopped (out of memory?)');
    expect(await bridge.call(undefined, (api) => api.echo(5))).toBe(10);
    bridge.stop();
  });

  it('a create() that throws rejects with "<what> could not start"', async () => {
    const bridge = new WorkerBridge<FakeApi>({
      create: () => {
        throw new Error('Worker is not defined');
      },
      what: 'The test work',
    });
    await expect(bridge.call(undefined, (api) => api.echo(1))).rejects.toThrow('The test work could not start: Worker is not defined');
  });

  it('an idle worker is terminated after idleMs; a call in flight keeps it', async () => {
    const { bridge, made } = bridgeOf(30);
    await bridge.call(undefined, (api) => api.count(3, undefined));
    expect(bridge.started).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(made[0]!.terminated).toBe(true);
    expect(bridge.started).toBe(false);
    // Busy for longer than idleMs: not stopped under the call.
    const slow = bridge.call(undefined, (api) =>
      api.count(
        4,
        progress(() => new Promise<void>((r) => setTimeout(r, 20))),
      ),
    );
    expect(await slow).toBe(4);
    expect(made[1]!.terminated).toBe(false);
    bridge.stop();
  });

  it('progress callbacks reach the page through a Comlink proxy', async () => {
    const { bridge } = bridgeOf(Infinity);
    const steps: number[] = [];
    expect(
      await bridge.call(undefined, (api) =>
        api.count(
          3,
          progress((i: number) => void steps.push(i)),
        ),
      ),
    ).toBe(3);
    expect(steps).toEqual([1, 2, 3]);
    expect(progress(undefined)).toBeUndefined();
    bridge.stop();
  });

  it('runOnce runs one call in a fresh worker and terminates it', async () => {
    const made: Fake[] = [];
    const create = () => {
      const f = fakeWorker();
      made.push(f);
      return f.worker;
    };
    expect(await runOnce<FakeApi, number>({ create, what: 'One' }, undefined, (api) => api.echo(4))).toBe(8);
    await expect(runOnce<FakeApi, number>({ create, what: 'Two' }, abortIn(10), (api) => api.hang())).rejects.toMatchObject({ name: 'AbortError' });
    expect(made.map((m) => m.terminated)).toEqual([true, true]);
  });
});
