/** Hash routes: #/data, #/data/<dataset>, #/data/<dataset>/<version>[/<tab>]. */
export interface Route {
  page: string;
  parts: string[];
}

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? 'data', parts: parts.slice(1) };
}

export function href(page: string, ...parts: (string | undefined)[]): string {
  return '#/' + [page, ...parts.filter((p): p is string => !!p)].map(encodeURIComponent).join('/');
}

class RouterState {
  #route = $state<Route>(parseHash(typeof location !== 'undefined' ? location.hash : ''));
  #listener = () => (this.#route = parseHash(location.hash));

  constructor() {
    if (typeof window !== 'undefined') window.addEventListener('hashchange', this.#listener);
  }

  get route(): Route {
    return this.#route;
  }

  go(page: string, ...parts: (string | undefined)[]): void {
    const next = href(page, ...parts);
    if (location.hash !== next) location.hash = next;
  }

  destroy(): void {
    window.removeEventListener('hashchange', this.#listener);
  }
}

export const router = new RouterState();
