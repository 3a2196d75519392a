/**
 * Where each agent sits in the policy file a synthesis was made from, for results that the policy caused (the gaps
 * the plan names): SARIF points them at the agent's line and column instead of at a synthesized file. The policy is
 * used only when it is the one the manifest names and hashes, so a line never points into another version of it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { sha256, type SynthManifest } from './manifest';

export interface PolicyLocations {
  /** The policy file from the repository's root (relative, `/`-separated; as synth was given it outside git). */
  readonly uri: string;
  /** Each agent's entry in `agents:`, 1-based line and column. */
  readonly agents: ReadonlyMap<string, { readonly line: number; readonly column: number }>;
}

/** The agents' positions in a policy text. */
export function agentPositions(text: string): PolicyLocations['agents'] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: false });
  const out = new Map<string, { line: number; column: number }>();
  const agents = isMap(doc.contents) ? doc.contents.get('agents', true) : undefined;
  if (!isSeq(agents)) return out;
  for (const item of agents.items) {
    if (!isMap(item) || !item.range) continue;
    const name = item.get('name', true);
    if (!isScalar(name) || typeof name.value !== 'string' || out.has(name.value)) continue;
    const { line, col } = lines.linePos(item.range[0]);
    out.set(name.value, { line, column: col });
  }
  return out;
}

/**
 * A path a manifest gives, as a safe relative `/`-separated one: undefined when it is absolute (after turning
 * backslashes into slashes), names a drive, or climbs out with `..`. The manifest comes from the synthesis under
 * review, so a head's could otherwise make the judge read, or point code scanning at, any file.
 */
function relativeOrUndefined(p: unknown): string | undefined {
  if (typeof p !== 'string' || p === '') return undefined;
  const posix = p.replace(/\\/g, '/');
  if (posix.startsWith('/') || /^[A-Za-z]:/.test(posix) || posix.split('/').includes('..')) return undefined;
  return posix;
}

/**
 * The policy of the synthesis in `root`, found beside its folders (a CI artifact can carry it) or from `cwd` (where
 * synth ran), when its content is the one the manifest hashed and its name is relative to the repository.
 */
export function policyLocations(manifest: SynthManifest, root: string, cwd: string): PolicyLocations | undefined {
  const file = relativeOrUndefined(manifest.policy?.file);
  if (file === undefined) return undefined;
  // From the repository's root when synth recorded it (a monorepo's subfolder), else as synth was given it; the
  // repository path must end with the file's, so a manifest cannot point code scanning at another file.
  const repoFile = relativeOrUndefined(manifest.policy.repoFile);
  const uri = repoFile !== undefined && (repoFile === file || repoFile.endsWith(`/${file}`)) ? repoFile : file;
  for (const base of [root, cwd]) {
    const candidate = path.resolve(base, file);
    if (!candidate.startsWith(path.resolve(base) + path.sep) || !fs.existsSync(candidate)) continue;
    if (!fs.statSync(candidate).isFile()) continue;
    const bytes = fs.readFileSync(candidate);
    if (sha256(bytes) !== manifest.policy.sha256) continue;
    return { uri, agents: agentPositions(bytes.toString('utf8')) };
  }
  return undefined;
}
