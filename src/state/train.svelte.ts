import { trackBridge } from '../bridge/track';
import { trainBridge } from '../bridge/train';
import { errorInfo } from '../lib/errors';
import type { HyperParams, Task } from '../lib/ml/model';
import { MODELS, modelDef } from '../lib/ml/models/registry';
import { parseSpaceText } from '../lib/ml/space-text';
import type { BackendChoice, HoldOut, MissingPolicy, SearchSpace, TrainSpec } from '../lib/ml/spec';
import type { TrainOutcome, TrainProgress } from '../lib/protocol';
import type { RunRecord, VersionRecord } from '../lib/store/schema';
import { isSplitColumnName } from '../lib/data/split-column';
import type { ColumnSchema } from '../lib/data/types';

/** A split column written by a recipe (not a feature, not a target). */
const isSplit = (c: ColumnSchema): boolean => isSplitColumnName(c.name) && c.role === 'ignore';

const NUMERIC = new Set(['integer', 'float', 'boolean', 'datetime']);

/** A training job in this tab: its run once started, live progress and the curve so far. */
export interface LiveJob {
  id: string;
  runId: string | null;
  label: string;
  status: 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';
  progress: TrainProgress | null;
  /** Metrics by step, as they arrived. */
  curve: { step: number; metrics: Record<string, number> }[];
  started: number;
  ended: number | null;
  error: string | null;
  outcome: TrainOutcome | null;
}

/** The training form for one dataset version, the jobs started from it, and recent runs. */
export class TrainState {
  #version = $state.raw<VersionRecord | null>(null);
  target = $state('');
  features = $state<string[]>([]);
  task = $state<Task>('binary');
  model = $state('logistic-regression');
  params = $state<HyperParams>({});
  holdOut = $state<HoldOut>({ kind: 'split', method: 'stratified', test: 0.2, seed: 42 });
  missing = $state<MissingPolicy>('error');
  seed = $state(42);
  backend = $state<BackendChoice>('auto');
  sliceColumn = $state('');
  experiment = $state('');
  runName = $state('');
  searchOn = $state(false);
  searchMode = $state<'grid' | 'random'>('grid');
  spaceText = $state<Record<string, string>>({});
  candidates = $state(10);
  folds = $state(5);
  scoring = $state('accuracy');
  parallelism = $state(typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2);
  #jobs = $state<LiveJob[]>([]);
  #runs = $state.raw<RunRecord[]>([]);
  #error = $state<string | null>(null);

  get version() { return this.#version; }
  get jobs() { return this.#jobs; }
  get runs() { return this.#runs; }
  get error() { return this.#error; }

  readonly columns = $derived(this.#version?.columns.filter((c) => !isSplit(c)) ?? []);
  readonly hasSplitColumn = $derived(Boolean(this.#version?.columns.some(isSplit)));
  readonly models = $derived(MODELS.filter((m) => m.tasks.includes(this.task)));
  readonly def = $derived(modelDef(this.model));
  readonly sliceColumns = $derived(this.columns.filter((c) => !NUMERIC.has(c.type) && c.type !== 'text' && c.type !== 'identifier' && c.name !== this.target));

  /** The search space from the form's text fields, or the first problem in them. */
  readonly space = $derived.by((): { space: SearchSpace; error: string | null } => {
    const space: SearchSpace = {};
    for (const spec of this.def?.params ?? []) {
      const { entry, error } = parseSpaceText(spec, this.spaceText[spec.name] ?? '', this.searchMode);
      if (error) return { space, error };
      if (entry) space[spec.name] = entry;
    }
    return { space, error: Object.keys(space).length ? null : 'Give values to search for at least one parameter.' };
  });

  open(v: VersionRecord, datasetName: string): void {
    if (this.#version?.id === v.id) return;
    this.#version = v;
    this.#error = null;
    this.experiment = datasetName;
    this.sliceColumn = '';
    const cols = v.columns.filter((c) => !isSplit(c));
    const target = cols.find((c) => c.role === 'target') ?? cols[cols.length - 1];
    this.holdOut = v.columns.some(isSplit) ? { kind: 'column' } : { kind: 'split', method: 'stratified', test: 0.2, seed: 42 };
    this.setTarget(target?.name ?? '');
  }

  /** A new target: the task follows its type and distinct count; features are the other numeric columns. */
  setTarget(name: string): void {
    const v = this.#version;
    if (!v) return;
    this.target = name;
    const col = v.columns.find((c) => c.name === name);
    const distinct = v.profile.columns.find((c) => c.name === name)?.distinct ?? 0;
    const numeric = col && (col.type === 'float' || (col.type === 'integer' && distinct > 20));
    this.setTask(numeric ? 'regression' : distinct === 2 ? 'binary' : 'multiclass');
    this.features = this.columns.filter((c) => c.name !== name && c.role === 'feature' && NUMERIC.has(c.type)).map((c) => c.name);
    if (this.holdOut.kind === 'split') this.holdOut = { ...this.holdOut, method: numeric ? 'random' : 'stratified' };
  }

  setTask(task: Task): void {
    this.task = task;
    if (!modelDef(this.model)?.tasks.includes(task)) this.setModel(MODELS.find((m) => m.tasks.includes(task))!.id);
    this.scoring = task === 'regression' ? 'r2' : 'accuracy';
  }

  setModel(id: string): void {
    this.model = id;
    this.params = {};
    this.spaceText = {};
  }

  toggleFeature(name: string, on: boolean): void {
    this.features = on ? this.columns.filter((c) => c.name === name || this.features.includes(c.name)).map((c) => c.name) : this.features.filter((f) => f !== name);
  }

  spec(): TrainSpec | null {
    const v = this.#version;
    if (!v) return null;
    return {
      datasetId: v.datasetId, versionId: v.id, target: this.target, features: [...this.features], task: this.task, model: this.model,
      // The Seed field seeds everything random, the fresh hold-out split included.
      params: $state.snapshot(this.params), holdOut: this.holdOut.kind === 'split' ? { ...this.holdOut, seed: this.seed } : { kind: 'column' }, missing: this.missing, seed: this.seed, backend: this.backend,
      sliceColumn: this.sliceColumn || undefined, experiment: this.experiment || 'Default', runName: this.runName || undefined,
      search: this.searchOn ? { mode: this.searchMode, space: $state.snapshot(this.space.space) as SearchSpace, candidates: this.candidates, folds: this.folds, scoring: this.scoring, parallelism: this.parallelism } : undefined,
    };
  }

  /** Starts a job; resolves when it ends (whatever the outcome: see the job's status). */
  async start(): Promise<LiveJob | null> {
    const spec = this.spec();
    if (!spec) return null;
    if (spec.search && this.space.error) {
      this.#error = this.space.error;
      return null;
    }
    this.#error = null;
    const id = crypto.randomUUID();
    const fresh: LiveJob = { id, runId: null, label: `${this.def?.label ?? spec.model}${spec.search ? ` · ${spec.search.mode} search` : ''}`, status: 'RUNNING', progress: null, curve: [], started: Date.now(), ended: null, error: null, outcome: null };
    // The six newest jobs stay listed, and every running one (its Cancel button with it).
    this.#jobs = [fresh, ...this.#jobs].filter((j, i) => i < 6 || j.status === 'RUNNING');
    const job = this.#jobs[0];
    try {
      job.outcome = await trainBridge.train(id, spec, (p) => this.#onProgress(job, p), (runId) => {
        job.runId = runId;
        void this.refreshRuns();
      });
      job.status = 'FINISHED';
    } catch (e) {
      const info = errorInfo(e);
      job.status = info.code === 'CANCELLED' ? 'KILLED' : 'FAILED';
      job.error = info.code === 'CANCELLED' ? null : info.message;
      const stopped = info.code === 'CANCELLED' || info.code === 'WORKER_CRASHED';
      // No run was started: the input was refused before any work; show it at the form.
      if (!job.runId && !stopped) this.#error = info.message;
      // The worker was terminated (cancel) or died: it could not end its run, so it is ended here.
      // Without its id (it had not arrived yet), the sweep ends every run whose lock is gone.
      if (stopped) {
        const message = info.code === 'CANCELLED' ? 'Cancelled by the user.' : info.message;
        await (job.runId ? trackBridge.kill(job.runId, message, info.code === 'CANCELLED' ? 'KILLED' : 'FAILED') : trackBridge.killStale()).catch(() => undefined);
      }
    } finally {
      job.ended = Date.now();
      await this.refreshRuns();
    }
    return job;
  }

  #onProgress(job: LiveJob, p: TrainProgress): void {
    job.progress = p;
    if (p.runId && !job.runId) job.runId = p.runId;
    if (p.metrics && (p.phase === 'fit' || p.phase === 'search' || p.phase === 'refit')) job.curve.push({ step: p.done, metrics: p.metrics });
  }

  /** Stops the job's worker at once; start() then marks its run KILLED. */
  cancel(jobId: string): void {
    const job = this.#jobs.find((j) => j.id === jobId);
    if (job?.status === 'RUNNING') trainBridge.cancel(jobId);
  }

  #runsSeq = 0;
  async refreshRuns(): Promise<void> {
    const seq = ++this.#runsSeq;
    try {
      const runs = await trackBridge.recentRuns({ limit: 30, topLevel: true });
      if (seq === this.#runsSeq) this.#runs = runs;
    } catch (e) {
      if (seq === this.#runsSeq) this.#error = errorInfo(e).message;
    }
  }

  /** Runs a closed tab left RUNNING become KILLED (called once at start). */
  async sweep(): Promise<void> {
    await trackBridge.killStale().catch(() => 0);
  }
}

export const training = new TrainState();
