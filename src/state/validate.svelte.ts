import { prepBridge } from '../bridge/prep';
import { errorInfo } from '../lib/errors';
import type { Progress } from '../lib/protocol';
import { EXPECTATIONS, expectationProblems, newExpectation, type Expectation, type Suite, type SuiteReport } from '../lib/validate';

/** Validation suites: the list, the one being edited, and the last report. */
export class ValidationState {
  #suites = $state.raw<Suite[]>([]);
  #selected = $state.raw<Suite | null>(null);
  draft = $state<Expectation[]>([]);
  #report = $state.raw<SuiteReport | null>(null);
  #progress = $state.raw<Extract<Progress, { kind: 'progress' }> | null>(null);
  #error = $state<string | null>(null);
  #job: string | null = null;

  get suites() { return this.#suites; }
  get selected() { return this.#selected; }
  get report() { return this.#report; }
  get progress() { return this.#progress; }
  get error() { return this.#error; }
  get running() { return this.#job !== null; }

  readonly problems = $derived(expectationProblems(this.draft));
  readonly dirty = $derived(!!this.#selected && JSON.stringify(this.draft) !== JSON.stringify(this.#selected.expectations));
  readonly types = EXPECTATIONS;

  async refresh(): Promise<void> {
    try {
      this.#suites = await prepBridge.suites();
    } catch (e) {
      this.#error = errorInfo(e).message;
    }
  }

  select(s: Suite | null): void {
    this.#selected = s;
    this.draft = s ? structuredClone(s.expectations) : [];
    this.#report = null;
    this.#error = null;
  }

  async generate(versionId: string, name: string): Promise<void> {
    try {
      const s = await prepBridge.generateSuite(versionId, name);
      await this.refresh();
      this.select(s);
    } catch (e) {
      this.#error = errorInfo(e).message;
    }
  }

  add(type: string, column: string | undefined): void {
    this.draft.push(newExpectation(type, column, this.draft));
  }

  remove(i: number): void {
    this.draft.splice(i, 1);
  }

  setParam(i: number, name: string, value: unknown): void {
    this.draft[i].params[name] = value;
  }

  /** Saves the edited expectations as the suite's next version. */
  async save(): Promise<void> {
    const s = this.#selected;
    if (!s) return;
    try {
      const next = await prepBridge.saveSuite(s.id, $state.snapshot(this.draft) as Expectation[]);
      await this.refresh();
      this.select(next);
    } catch (e) {
      this.#error = errorInfo(e).message;
    }
  }

  async run(versionId: string): Promise<void> {
    const s = this.#selected;
    if (!s || this.#job) return;
    const job = crypto.randomUUID();
    this.#job = job;
    this.#error = null;
    try {
      this.#report = await prepBridge.runSuite(job, s, versionId, (p) => { if (p.kind === 'progress') this.#progress = p; });
    } catch (e) {
      const info = errorInfo(e);
      this.#error = info.code === 'CANCELLED' ? 'Cancelled.' : info.message;
    } finally {
      this.#job = null;
      this.#progress = null;
    }
  }

  async cancel(): Promise<void> {
    if (this.#job) await prepBridge.cancel(this.#job);
  }
}

export const validation = new ValidationState();
