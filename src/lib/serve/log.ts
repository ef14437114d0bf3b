/**
 * The prediction log's writer. Rows are buffered per (deployment, model) and written as columnar
 * PredictionBatchRecords, every buffered row in ONE transaction, by group commit: the first row
 * logged while no write is in flight starts a write (after the current task, so the rows of one
 * request go together, and the answer is sent before the write's work begins); rows logged while
 * a write is in flight wait for it and go in the next one.
 * So a prediction never waits for storage, at most one transaction's worth of rows is ever
 * uncommitted, and under load the batches grow instead of the transactions multiplying.
 * Writes use `{durability: 'relaxed'}`; flush({durable: true}) (on pagehide) writes 'strict'.
 * A failed write keeps its rows buffered for the next attempt and fails the flushes waiting on it.
 */
import type { DB } from '../store/db';
import type { InputRecord } from './contract';
import { ARMS, type Arm, type PredictionBatchRecord, type Violation } from './types';

/** One prediction as logged. */
export interface LogRow {
  id: string;
  time: number;
  arm: Arm;
  version: number;
  latency: number;
  input: InputRecord;
  output: string | number | null;
  proba: number[] | null;
  classes: string[] | null;
  violations: readonly Violation[];
  shadowOf: string | null;
}

/** Channel on which committed writes are announced (`{deployment, model, rows}`; monitor/engine.ts listens). */
export const PREDICTIONS_CHANNEL = 'benchtop-predictions';

/** Rows per stored batch record (a bigger buffer is split into several records of one transaction). */
export const MAX_BATCH_ROWS = 10_000;
/**
 * A batch record holds rows within this span of its `start` (a buffer kept through failed writes
 * is split): readers of a time range then find every batch in the key range from − span on.
 */
export const MAX_BATCH_SPAN_MS = 60_000;

/** [from, to) row ranges of one buffer: at most MAX_BATCH_ROWS rows, all within MAX_BATCH_SPAN_MS of the first. */
export function batchRanges(rows: readonly LogRow[]): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < rows.length; ) {
    const t0 = rows[from].time;
    let to = from + 1;
    while (to < rows.length && to - from < MAX_BATCH_ROWS && Math.abs(rows[to].time - t0) <= MAX_BATCH_SPAN_MS) to++;
    out.push([from, to]);
    from = to;
  }
  return out;
}

type Cell = string | number | boolean | null;
const cell = (v: unknown): Cell =>
  v === undefined || v === null ? null : typeof v === 'string' || typeof v === 'boolean' ? v : typeof v === 'number' ? (Number.isFinite(v) ? v : String(v)) : JSON.stringify(v) ?? null;
const ARM_INDEX = new Map(ARMS.map((a, i) => [a, i]));

/** Columnar record of rows [from, to) of one buffer. */
export function toBatch(deployment: string, model: string, rows: readonly LogRow[], from = 0, to = rows.length): PredictionBatchRecord {
  const n = to - from, keys = new Set<string>();
  for (let i = from; i < to; i++) for (const k in rows[i].input) keys.add(k);
  const inputs: Record<string, Cell[]> = {};
  for (const k of keys) inputs[k] = new Array(n);
  const b: PredictionBatchRecord = {
    deployment, model, start: rows[from].time, batchId: crypto.randomUUID(), ids: new Array(n), time: new Float64Array(n), arm: new Uint8Array(n),
    version: new Int32Array(n), latency: new Float32Array(n), inputs, output: new Array(n), proba: new Array(n), classes: new Array(n),
    violations: new Array(n), shadowOf: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[from + i];
    b.ids[i] = r.id; b.time[i] = r.time; b.arm[i] = ARM_INDEX.get(r.arm) ?? 0; b.version[i] = r.version; b.latency[i] = r.latency;
    for (const k of keys) inputs[k][i] = cell(r.input[k]);
    b.output[i] = r.output; b.proba[i] = r.proba; b.classes[i] = r.classes; b.violations[i] = r.violations as Violation[]; b.shadowOf[i] = r.shadowOf;
  }
  return b;
}

interface Waiter { seq: number; resolve(): void; reject(e: unknown): void }

export class PredictionLog {
  private buffers = new Map<string, { deployment: string; model: string; rows: LogRow[] }>();
  private appended = 0;
  private committedSeq = 0;
  private writing: Promise<void> | null = null;
  private scheduled = false;
  private durableNext = false;
  private waiters: Waiter[] = [];
  private channel: BroadcastChannel | null = null;
  /** Rows written so far, and write transactions (for the benchmark and the Serve page). */
  readonly stats = { rows: 0, transactions: 0, failures: 0 };

  constructor(private readonly db: () => Promise<DB>, private readonly onError: (e: unknown) => void = () => {}) {}

  /** Rows logged but not committed yet. */
  get pending(): number {
    return this.appended - this.committedSeq;
  }

  append(deployment: string, model: string, rows: readonly LogRow[]): void {
    if (rows.length === 0) return;
    const key = `${deployment}\u0000${model}`;
    let b = this.buffers.get(key);
    if (!b) this.buffers.set(key, (b = { deployment, model, rows: [] }));
    for (const r of rows) b.rows.push(r);
    this.appended += rows.length;
    if (!this.writing && !this.scheduled) {
      this.scheduled = true;
      // The next task, not a microtask: the answer that logged these rows goes out first.
      setTimeout(() => { this.scheduled = false; if (!this.writing) this.write(); }, 0);
    }
  }

  /** Resolves when every row logged so far is committed (`durable`: the next write is 'strict'). */
  flush(opts: { durable?: boolean } = {}): Promise<void> {
    if (this.committedSeq >= this.appended) return Promise.resolve();
    if (opts.durable) this.durableNext = true;
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ seq: this.appended, resolve, reject }));
    if (!this.writing) this.write();
    return p;
  }

  /**
   * After a commit: `{deployment, model, rows}` per written buffer on the 'benchtop-predictions'
   * channel, so monitors update incrementally (one channel per log, one message per buffer).
   */
  private announce(taken: readonly { deployment: string; model: string; rows: LogRow[] }[]): void {
    if (typeof BroadcastChannel === 'undefined') return;
    try {
      if (!this.channel) {
        this.channel = new BroadcastChannel(PREDICTIONS_CHANNEL);
        (this.channel as { unref?: () => void }).unref?.();
      }
      for (const b of taken) this.channel.postMessage({ deployment: b.deployment, model: b.model, rows: b.rows.length });
    } catch {
      // Monitoring notices are best-effort: the rows are committed either way.
    }
  }

  private write(): void {
    const taken = [...this.buffers.values()].filter((b) => b.rows.length > 0);
    this.buffers = new Map();
    if (taken.length === 0) return;
    const seq = this.appended, durability = this.durableNext ? 'strict' : 'relaxed';
    this.durableNext = false;
    this.writing = (async () => {
      let ok = false;
      try {
        const db = await this.db();
        const tx = db.transaction('predictions', 'readwrite', { durability });
        const store = tx.objectStore('predictions');
        let rows = 0;
        for (const b of taken) {
          for (const [from, to] of batchRanges(b.rows)) void store.put(toBatch(b.deployment, b.model, b.rows, from, to));
          rows += b.rows.length;
        }
        await tx.done;
        this.committedSeq = seq;
        this.stats.rows += rows;
        this.stats.transactions++;
        this.waiters = this.waiters.filter((w) => (w.seq <= seq ? (w.resolve(), false) : true));
        ok = true;
        this.announce(taken);
      } catch (e) {
        // Back in front of what arrived meanwhile, for the next attempt.
        for (const b of taken) {
          const key = `${b.deployment}\u0000${b.model}`, now = this.buffers.get(key);
          this.buffers.set(key, { ...b, rows: now ? [...b.rows, ...now.rows] : b.rows });
        }
        this.stats.failures++;
        const failed = this.waiters;
        this.waiters = [];
        for (const w of failed) w.reject(e);
        this.onError(e);
      } finally {
        this.writing = null;
      }
      // Rows that arrived during the write go now, in one transaction. After a failure they wait
      // for the next row or flush (no retry loop against a full disk).
      if (ok && this.buffers.size > 0) this.write();
    })();
  }
}
