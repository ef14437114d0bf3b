/**
 * Run names for runs given none, in MLflow's manner: adjective-noun-number ("bold-heron-417"),
 * drawn from the run id so the same run always has the same name.
 */
const ADJECTIVES = ['able', 'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'eager', 'fair', 'gentle', 'glad', 'grand', 'keen', 'kind', 'lively', 'lucid', 'merry', 'neat', 'noble', 'polite', 'proud', 'quick', 'quiet', 'rare', 'sharp', 'shy', 'sleek', 'smooth', 'steady', 'swift', 'tidy', 'vivid', 'warm', 'wise', 'witty'];
const NOUNS = ['badger', 'bear', 'crane', 'deer', 'dove', 'eagle', 'finch', 'fox', 'gecko', 'hare', 'hawk', 'heron', 'ibis', 'koala', 'lark', 'lynx', 'mole', 'newt', 'otter', 'owl', 'panda', 'puffin', 'quail', 'raven', 'robin', 'seal', 'shrew', 'stork', 'swan', 'tern', 'tiger', 'toad', 'trout', 'wolf', 'wren', 'yak'];

export function runName(id: string): string {
  const h = (from: number) => parseInt(id.slice(from, from + 6), 16) || 0;
  return `${ADJECTIVES[h(0) % ADJECTIVES.length]}-${NOUNS[h(6) % NOUNS.length]}-${h(12) % 1000}`;
}

/** A fresh run id: 32 lowercase hex digits. */
export function newRunId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}
