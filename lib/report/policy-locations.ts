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
 * The policy of the synthesis in `root`, found beside its folders (a CI artifact can carry it) or from `cwd` (where
 * synth ran), when its content is the one the manifest hashed and its name is relative to the repository.
 */
export function policyLocations(manifest: SynthManifest, root: string, cwd: string): PolicyLocations | undefined {
  const file = manifest.policy?.file;
  if (typeof file !== 'string' || file === '' || path.isAbsolute(file)) return undefined;
  // From the repository's root when synth recorded it (a monorepo's subfolder), else as synth was given it.
  const repoFile = manifest.policy.repoFile;
  const uri = (typeof repoFile === 'string' && repoFile !== '' && !path.isAbsolute(repoFile) ? repoFile : file).replace(
    /\\/g,
    '/',
  );
  if (uri.split('/').includes('..')) return undefined;
  for (const candidate of [path.join(root, file), path.resolve(cwd, file)]) {
    if (!fs.existsSync(candidate)) continue;
    const bytes = fs.readFileSync(candidate);
    if (sha256(bytes) !== manifest.policy.sha256) continue;
    return { uri, agents: agentPositions(bytes.toString('utf8')) };
  }
  return undefined;
}
