export function findChromium(): string | null;
export const CHROMIUM_ARGS: string[];
export const NO_CHROMIUM_HELP: string;
