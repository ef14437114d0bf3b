import { openBenchtopDB, type DB } from '../lib/store';

/** The main thread's database connection and the storage problems the UI must show. */
class DatabaseState {
  #db: Promise<DB> | null = null;
  #problem = $state<string | null>(null);

  get problem(): string | null {
    return this.#problem;
  }

  get(): Promise<DB> {
    this.#db ??= openBenchtopDB({
      onBlocked: (m) => (this.#problem = m),
      onVersionChange: (m) => {
        this.#problem = m;
        this.#db = null;
      },
    }).then((db) => {
      this.#problem = null;
      return db;
    });
    return this.#db;
  }

  report(message: string): void {
    this.#problem = message;
  }
}

export const database = new DatabaseState();
