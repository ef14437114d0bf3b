import { trackBridge } from '../bridge/track';
import { errorInfo } from '../lib/errors';
import type { EvaluationReport, ReportWorstRow } from '../lib/ml/evaluate-report';
import type { RunRecord } from '../lib/store/schema';

/** The evaluation as a run stores it: worst rows also carry their 0-based row in the dataset version. */
export type StoredEvaluation = Omit<EvaluationReport, 'worst'> & { worst: (ReportWorstRow & { datasetRow?: number })[] };

export interface CvResults {
  scoring: string;
  folds: number;
  candidates: { run: string; params: Record<string, unknown>; scores: (number | null)[]; mean: number | null; std: number | null; rank: number; fitMs: number }[];
}

/** Keys logged per step during a fit (a curve), as opposed to the final evaluation figures. */
/** Counters logged per step that are not worth a chart. */
const NOT_CURVES = new Set(['candidates_done', 'problem']);

/** One run as its page shows it: the record, evaluation, search results, children and curves. */
export class RunState {
  #run = $state.raw<RunRecord | null>(null);
  #evaluation = $state.raw<StoredEvaluation | null>(null);
  #cv = $state.raw<CvResults | null>(null);
  #children = $state.raw<RunRecord[]>([]);
  #curves = $state.raw<{ key: string; points: [number, number][] }[]>([]);
  #artifacts = $state.raw<{ path: string; mediaType: string; size: number }[]>([]);
  #error = $state<string | null>(null);
  #loading = $state(false);
  #seq = 0;

  get run() { return this.#run; }
  get evaluation() { return this.#evaluation; }
  get cv() { return this.#cv; }
  get children() { return this.#children; }
  get curves() { return this.#curves; }
  get artifacts() { return this.#artifacts; }
  get error() { return this.#error; }
  get loading() { return this.#loading; }

  async open(id: string): Promise<void> {
    const seq = ++this.#seq;
    this.#loading = true;
    this.#error = null;
    try {
      const run = await trackBridge.run(id);
      if (seq !== this.#seq) return;
      if (!run) throw new Error(`There is no run ${id.slice(0, 12)}… in this browser. It may have been deleted.`);
      const [evaluation, cv, children, artifacts] = await Promise.all([
        trackBridge.json(id, 'evaluation.json'), trackBridge.json(id, 'cv_results.json'), trackBridge.children(id), trackBridge.artifacts(id),
      ]);
      // Every metric logged at more than one step has a history worth drawing.
      const keys = Object.keys(run.metrics).filter((k) => !NOT_CURVES.has(k) && run.metricRange?.[k] && run.metricRange[k][0] !== run.metricRange[k][1]);
      const history = keys.length ? (await trackBridge.histories([id], keys))[id] ?? {} : {};
      const curves = keys.map((key) => ({ key, points: (history[key] ?? []).map((h) => [h.step, h.value] as [number, number]) }));
      if (seq !== this.#seq) return;
      this.#run = run;
      this.#evaluation = evaluation as RunState['evaluation'];
      this.#cv = cv as CvResults | null;
      this.#children = children.sort((a, b) => a.start - b.start);
      this.#artifacts = artifacts;
      this.#curves = curves.filter((c) => c.points.length > 1);
    } catch (e) {
      if (seq === this.#seq) this.#error = errorInfo(e).message;
    } finally {
      if (seq === this.#seq) this.#loading = false;
    }
  }

  #saving = $state<string | null>(null);
  get saving() { return this.#saving; }

  async #edit(fn: (id: string) => Promise<unknown>): Promise<void> {
    const run = this.#run;
    if (!run) return;
    this.#saving = 'Saving';
    try {
      await fn(run.id);
      const fresh = await trackBridge.run(run.id);
      if (fresh && this.#run?.id === run.id) this.#run = fresh;
    } catch (e) {
      this.#error = errorInfo(e).message;
    } finally {
      this.#saving = null;
    }
  }

  /** Tags are the mutable part of a run (value null deletes one). */
  setTag(key: string, value: string | null) { return this.#edit((id) => trackBridge.setRunTag(id, key, value)); }
  setNote(note: string) { return this.#edit((id) => trackBridge.setRunNote(id, note)); }

  /** A small artifact's text for preview (JSON pretty-printed, at most 20,000 characters), or an SVG's object URL. */
  async preview(path: string): Promise<{ kind: 'text' | 'svg'; text: string } | null> {
    const run = this.#run;
    if (!run) return null;
    const blob = await trackBridge.artifactBlob(run.id, path);
    if (!blob) return null;
    if (blob.type === 'image/svg+xml') return { kind: 'svg', text: URL.createObjectURL(blob) };
    let text = await blob.slice(0, 2_000_000).text();
    if (blob.type === 'application/json') {
      try { text = JSON.stringify(JSON.parse(text), null, 2); } catch { /* shown as it is */ }
    }
    return { kind: 'text', text: text.length > 20_000 ? `${text.slice(0, 20_000)}\n… (${blob.size.toLocaleString('en-US')} bytes in all: download it for the rest)` : text };
  }

  /** Saves an artifact through the browser's download (nothing leaves the device otherwise). */
  async download(path: string): Promise<void> {
    const run = this.#run;
    if (!run) return;
    const blob = await trackBridge.artifactBlob(run.id, path);
    if (!blob) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${run.name}-${path.replaceAll('/', '_')}`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}

export const runView = new RunState();
