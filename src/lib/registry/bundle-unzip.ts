/**
 * The first half of verifying a bundle: the zip and MANIFEST.json, before any file is read as
 * content. In order, each failure a BAD_BUNDLE error naming the file and what is wrong:
 * - it is a zip (fflate can read its central directory) of at most MAX_BUNDLE_FILES entries with
 *   safe, unique paths (no '..', no absolute paths); directory entries are ignored;
 * - the zip itself and the sizes its entries declare uncompressed stay within MAX_BUNDLE_BYTES,
 *   checked before anything is decompressed (fflate allocates what an entry declares, so this
 *   bounds memory); each decompressed file then has exactly the declared size (an entry holding
 *   more than it declares is cut at the declared size, which its checksum then catches);
 * - MANIFEST.json exists, parses, has the known format and a well-formed file list;
 * - every listed file is in the zip, no file is unlisted, every size and SHA-256 matches.
 */
import { unzipSync } from 'fflate';
import { badBundle, BUNDLE_FORMAT, decodeJson, MANIFEST, MAX_BUNDLE_BYTES, MAX_BUNDLE_FILES, sha256Hex, type BundleManifest } from './bundle-format';

const MB = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
const LIMIT = `the limit is ${MAX_BUNDLE_BYTES / 1024 / 1024} MB`;

interface Entry { name: string; originalSize: number }

/** The zip's file entries, from its central directory, without decompressing anything. */
function listEntries(bytes: Uint8Array): Entry[] {
  const entries: Entry[] = [];
  try {
    if (bytes.length < 22) throw new Error('too short');
    unzipSync(bytes, { filter: (f) => { entries.push({ name: f.name, originalSize: f.originalSize }); return false; } });
  } catch (e) {
    throw badBundle(null, `not a zip file (${(e as Error).message}).`);
  }
  return entries.filter((e) => !(e.name.endsWith('/') && e.originalSize === 0));
}

function checkEntries(entries: Entry[]): void {
  if (entries.length > MAX_BUNDLE_FILES) throw badBundle(null, `the zip holds ${entries.length} files; a bundle holds at most ${MAX_BUNDLE_FILES}.`);
  const seen = new Set<string>();
  let total = 0;
  for (const { name, originalSize } of entries) {
    if (name.startsWith('/') || name.includes('\\') || name.split('/').some((p) => p === '..' || p === '.' || p === '')) throw badBundle(name, 'is not a safe relative path inside the bundle.');
    if (seen.has(name)) throw badBundle(name, 'appears twice in the zip.');
    seen.add(name);
    total += originalSize;
  }
  if (total > MAX_BUNDLE_BYTES) throw badBundle(null, `its files would take ${MB(total)} uncompressed; ${LIMIT}.`, { bytes: total });
}

/** Decompresses one entry and checks it has the size the zip declares. */
function inflate(bytes: Uint8Array, entry: Entry): Uint8Array {
  let data: Uint8Array | undefined;
  try {
    data = unzipSync(bytes, { filter: (f) => f.name === entry.name })[entry.name];
  } catch (e) {
    throw badBundle(entry.name, `cannot be decompressed: the zip is corrupt (${(e as Error).message}).`);
  }
  if (!data || data.length !== entry.originalSize) throw badBundle(entry.name, `the zip declares ${entry.originalSize} bytes but the file holds ${data?.length ?? 0}.`);
  return data;
}

const HEX64 = /^[0-9a-f]{64}$/;

function readManifest(bytes: Uint8Array): BundleManifest {
  const m = decodeJson(MANIFEST, bytes) as Partial<BundleManifest> | null;
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw badBundle(MANIFEST, 'must be a JSON object.');
  if (m.format !== BUNDLE_FORMAT) throw badBundle(MANIFEST, `unknown format ${JSON.stringify(m.format)}; this Benchtop reads ${BUNDLE_FORMAT}.`, { format: m.format });
  if (!Array.isArray(m.files)) throw badBundle(MANIFEST, '"files" must be a list of {path, bytes, sha256}.');
  const paths = new Set<string>();
  m.files.forEach((f, i) => {
    const ok = f && typeof f === 'object' && typeof f.path === 'string' && Number.isInteger(f.bytes) && f.bytes >= 0 && typeof f.sha256 === 'string' && HEX64.test(f.sha256);
    if (!ok) throw badBundle(MANIFEST, `files[${i}] must be {path, bytes (a whole number), sha256 (64 lower-case hex digits)}.`);
    if (f.path === MANIFEST || paths.has(f.path)) throw badBundle(MANIFEST, `files[${i}] lists ${f.path} ${f.path === MANIFEST ? '(the manifest cannot list itself)' : 'twice'}.`);
    paths.add(f.path);
  });
  const declared = m.files.reduce((s, f) => s + f.bytes, 0);
  if (declared > MAX_BUNDLE_BYTES) throw badBundle(MANIFEST, `declares ${MB(declared)} of files; ${LIMIT}.`, { bytes: declared });
  return m as BundleManifest;
}

/** Verifies the zip and its manifest; returns the manifest and every listed file's bytes. */
export async function unzipBundle(bytes: Uint8Array): Promise<{ manifest: BundleManifest; files: Map<string, Uint8Array> }> {
  if (!(bytes instanceof Uint8Array)) throw badBundle(null, 'expected the bundle file\'s bytes.');
  if (bytes.length > MAX_BUNDLE_BYTES) throw badBundle(null, `the file is ${MB(bytes.length)}; ${LIMIT}.`, { bytes: bytes.length });
  const entries = listEntries(bytes);
  checkEntries(entries);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const manifestEntry = byName.get(MANIFEST);
  if (!manifestEntry) throw badBundle(MANIFEST, 'is missing: this zip is not a Benchtop model bundle.');
  const manifest = readManifest(inflate(bytes, manifestEntry));
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) if (!byName.has(f.path)) throw badBundle(f.path, `is listed in ${MANIFEST} but missing from the zip.`);
  for (const e of entries) if (e.name !== MANIFEST && !listed.has(e.name)) throw badBundle(e.name, `is in the zip but not listed in ${MANIFEST}.`);
  const files = new Map<string, Uint8Array>();
  for (const f of manifest.files) {
    const data = inflate(bytes, byName.get(f.path)!);
    if (data.length !== f.bytes) throw badBundle(f.path, `${MANIFEST} declares ${f.bytes} bytes but the file holds ${data.length}.`);
    const hash = await sha256Hex(data);
    if (hash !== f.sha256) throw badBundle(f.path, `checksum mismatch: ${MANIFEST} says SHA-256 ${f.sha256}, the file hashes to ${hash} (it was changed or damaged).`, { expected: f.sha256, actual: hash });
    files.set(f.path, data);
  }
  return { manifest, files };
}
