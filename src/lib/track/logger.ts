/**
 * The tracking API every part of Benchtop writes runs through: startRun, then params (write-once),
 * metrics (buffered and written in batches, so logging every step does not slow training),
 * tags, artifacts, and end with a final status. A live run holds its Web Lock until it ends.
 */
import { guarded, type DB } from '../store/db';
import type { RunInput, RunRecord, RunStatus } from '../store/schema';
import { ensureExperiment } from './experiments';
import { checkKey, checkMetric, checkParamValue, checkTagValue, paramString, TrackingError } from './keys';
import { newRunId, runName } from './names';
import { runLockName } from './runs';

export interface StartRunOptions {
  experiment: string;
  parentId?: string | null;
  name?: string;
  params?: Record<string, unknown>;
  tags?: Record<string, string>;
  inputs?: RunInput[];
  env?: Record<string, string | number | boolean>;
}

const FLUSH_MS = 400;
const FLUSH_COUNT = 2000;

export class RunLogger {
  private pending: { key: string; value: number; step: number; timestamp: number }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(private readonly db: DB, readonly id: string, readonly experimentId: string, private readonly unlock: () => void) {}

  /** Write-once: the same value again is fine, another value for a logged key is an error. */
  async logParams(params: Record<string, unknown>): Promise<void> {
    const entries = Object.entries(params).map(([k, v]) => [k, paramString(v)] as const);
    for (const [k, v] of entries) {
      checkKey('param', k);
      checkParamValue(k, v);
    }
    await this.update((run) => {
      for (const [k, v] of entries) {
        if (k in run.params && run.params[k] !== v) throw new TrackingError(`The param '${k}' is already logged as '${run.params[k]}'; params are write-once (tried '${v}').`, { key: k });
        run.params[k] = v;
      }
    });
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(tags)) {
      checkKey('tag', k);
      checkTagValue(k, v);
    }
    await this.update((run) => Object.assign(run.tags, tags));
  }

  logMetric(key: string, value: number, step = 0): void {
    checkMetric(key, value, step);
    this.pending.push({ key, value, step, timestamp: Date.now() });
    if (this.pending.length >= FLUSH_COUNT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  logMetrics(values: Record<string, number>, step = 0): void {
    for (const [k, v] of Object.entries(values)) this.logMetric(k, v, step);
  }

  /** Writes the buffered metrics (and each key's latest value into the run). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) {
      // A failed write fails its own flush only: the next one still writes.
      this.flushing = this.flushing.catch(() => undefined).then(() =>
        guarded(async () => {
          const tx = this.db.transaction(['metrics', 'runs'], 'readwrite', { durability: 'relaxed' });
          const metrics = tx.objectStore('metrics');
          for (const m of batch) void metrics.put({ value: m.value, timestamp: m.timestamp }, [this.id, m.key, m.step]);
          const runs = tx.objectStore('runs');
          const run = await runs.get(this.id);
          if (run) {
            const range = (run.metricRange ??= {});
            for (const m of batch) {
              run.metrics[m.key] = m.value;
              const r = range[m.key];
              range[m.key] = r ? [Math.min(r[0], m.value), Math.max(r[1], m.value)] : [m.value, m.value];
            }
            await runs.put(run);
          }
          await tx.done;
        }),
      );
    }
    return this.flushing;
  }

  async logArtifact(path: string, data: ArrayBuffer | string, mediaType: string): Promise<void> {
    checkKey('tag', path);
    const size = typeof data === 'string' ? new TextEncoder().encode(data).byteLength : data.byteLength;
    await guarded(() => this.db.put('artifacts', { mediaType, data, size, created: Date.now() }, [this.id, path]));
  }

  /** Ends the run: buffered metrics written, status and end time set, the lock released. */
  async end(status: Exclude<RunStatus, 'RUNNING'>, error?: { code: string; message: string }): Promise<void> {
    if (this.ended) return;
    // Buffered metrics that cannot be written do not keep the run from ending: its status is
    // written regardless, and a failed write is reported (FINISHED becomes FAILED).
    let lost: unknown = null;
    await this.flush().catch((e: unknown) => (lost = e));
    const why = lost ? { code: 'METRICS_LOST', message: `Some metrics could not be written: ${lost instanceof Error ? lost.message : String(lost)}` } : undefined;
    await this.update((run) => {
      run.status = why && status === 'FINISHED' ? 'FAILED' : status;
      run.end = Date.now();
      if (error ?? why) run.error = error ?? why;
    });
    this.ended = true;
    this.unlock();
  }

  /** Releases the run's lock without writing (the run then counts as stale: see killStaleRuns). */
  abandon(): void {
    this.ended = true;
    this.unlock();
  }

  private async update(fn: (run: RunRecord) => void): Promise<void> {
    await guarded(async () => {
      const tx = this.db.transaction('runs', 'readwrite');
      const run = await tx.store.get(this.id);
      if (!run) throw new TrackingError(`Run ${this.id} does not exist (deleted?).`, { run: this.id });
      fn(run);
      await tx.store.put(run);
      await tx.done;
    });
  }
}

/** Holds the run's Web Lock until the returned function is called. */
async function holdLock(name: string): Promise<() => void> {
  const locks = (globalThis.navigator as WorkerNavigator | undefined)?.locks;
  if (!locks) return () => undefined;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await new Promise<void>((granted) => void locks.request(name, () => (granted(), held)));
  return release;
}

export async function startRun(db: DB, opts: StartRunOptions): Promise<RunLogger> {
  const exp = await ensureExperiment(db, opts.experiment);
  const id = newRunId();
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.params ?? {})) {
    checkKey('param', k);
    params[k] = paramString(v);
    checkParamValue(k, params[k]);
  }
  for (const [k, v] of Object.entries(opts.tags ?? {})) (checkKey('tag', k), checkTagValue(k, v));
  const unlock = await holdLock(runLockName(id));
  const run: RunRecord = {
    id, experimentId: exp.id, parentId: opts.parentId ?? null, name: opts.name?.trim() || runName(id), status: 'RUNNING',
    start: Date.now(), end: null, params, tags: { ...opts.tags }, note: '', inputs: opts.inputs ?? [], env: opts.env ?? {}, metrics: {}, lifecycle: 'active',
  };
  try {
    await guarded(() => db.add('runs', run));
  } catch (e) {
    unlock();
    throw e;
  }
  return new RunLogger(db, id, exp.id, unlock);
}
