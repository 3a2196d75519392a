/**
 * The contract between `convoguard synth` and the review commands. A synthesis writes `out/convoguard.json`: which
 * policy (by hash), which output folders it produced, which agents each holds, and an id that it also writes into
 * each of those folders. `diff` (and `report --dir`) check it before reading anything, so a head whose synthesis
 * dropped a target, kept a stale folder from an earlier run, or was interrupted half-way through replacing the
 * folders is refused (exit 2) instead of being read as if it were one synthesis.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ReportInputError, readJsonFile, readText } from './input';
import type { Posture } from './model';

/** The folders a synthesis owns below its root, each replaced as a whole. */
export const SYNTH_FOLDERS = ['out', 'cdktf.out', 'cdk.out'] as const;
export type SynthFolder = (typeof SYNTH_FOLDERS)[number];

/** Below the root. */
export const MANIFEST_FILE = path.join('out', 'convoguard.json');
/** In each folder but out/ (where the manifest is): the id of the synthesis that wrote it. */
export const SYNTH_MARK_FILE = '.convoguard-synth';

export interface SynthManifest {
  readonly version: 1;
  readonly generator: string;
  /** Unique per synthesis: every folder it wrote carries it. */
  readonly synthId: string;
  readonly policy: {
    readonly file: string;
    readonly name: string;
    readonly sha256: string;
    /**
     * The policy's path from the root of the git work tree it is in (`/`-separated), when synth found one: what code
     * scanning resolves a SARIF location against, also when synth ran in a subfolder of a monorepo.
     */
    readonly repoFile?: string;
  };
  /** The folders this synthesis wrote: any other of `SYNTH_FOLDERS` next to them is stale. */
  readonly folders: readonly SynthFolder[];
  readonly agents: ReadonlyArray<{ readonly name: string; readonly platform: string; readonly folder: SynthFolder }>;
  /** Every file the synthesis wrote below the root (but this manifest), sorted: a file added later is not from it. */
  readonly files: readonly string[];
}

export function newSynthId(): string {
  return crypto.randomUUID();
}

export function sha256(text: string | Buffer): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** Writes the mark of `synthId` into each folder but out/, then the manifest (with every file written) into out/. */
export function writeManifest(root: string, m: Omit<SynthManifest, 'files'>): void {
  for (const f of m.folders) if (f !== 'out') fs.writeFileSync(path.join(root, f, SYNTH_MARK_FILE), m.synthId + '\n');
  fs.mkdirSync(path.join(root, 'out'), { recursive: true });
  const files = filesBelow(root, m.folders);
  fs.writeFileSync(path.join(root, MANIFEST_FILE), JSON.stringify({ ...m, files }, null, 2) + '\n');
}

/** Files below the synthesis folders of `root`, relative with '/' separators, sorted; the manifest itself excluded. */
function filesBelow(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  for (const f of folders) if (fs.existsSync(path.join(root, f))) walk(path.join(root, f));
  return out.filter((f) => f !== MANIFEST_FILE.split(path.sep).join('/')).sort();
}

/**
 * The manifest below `root`, checked against the folders there: every folder it lists exists and carries its id,
 * and no other synthesis folder is present. Throws `ReportInputError` with every problem.
 */
export function readManifest(root: string, opts: { readonly missingIsChange?: boolean } = {}): SynthManifest {
  const file = path.join(root, MANIFEST_FILE);
  if (!fs.existsSync(file)) {
    throw new ReportInputError(
      `${file}: not found; expected the manifest convoguard synth writes (a folder written by cdk synth or cdktf synth alone cannot be checked for stale or missing targets: run convoguard synth)`,
    );
  }
  const m = readJsonFile(file, 'a convoguard synthesis manifest') as Partial<SynthManifest> | null;
  if (
    !m ||
    m.version !== 1 ||
    typeof m.synthId !== 'string' ||
    !Array.isArray(m.folders) ||
    !Array.isArray(m.agents) ||
    !Array.isArray(m.files) ||
    !m.folders.every((f) => SYNTH_FOLDERS.includes(f))
  ) {
    throw new ReportInputError(
      `${file}: expected a convoguard synthesis manifest (version 1 with synthId, folders, agents and files)`,
    );
  }
  const problems: string[] = [];
  for (const f of SYNTH_FOLDERS) {
    const dir = path.join(root, f);
    const exists = fs.existsSync(dir);
    if (!m.folders.includes(f)) {
      if (exists)
        problems.push(
          `${f}/ is not from this synthesis (the manifest does not list it): a stale folder from an earlier run; delete it or run convoguard synth again`,
        );
      continue;
    }
    if (!exists) {
      // The gate reads a missing folder as its files removed (protection removed, exit 1); the report cannot.
      if (!opts.missingIsChange) problems.push(`${f}/ is missing; this synthesis wrote it`);
      continue;
    }
    if (f === 'out') {
      if (!opts.missingIsChange && !fs.existsSync(path.join(dir, 'plan.json')))
        problems.push(
          'out/plan.json is missing; this synthesis wrote it, and without it nothing is compared with the plan',
        );
      continue;
    }
    const mark = path.join(dir, SYNTH_MARK_FILE);
    const id = fs.existsSync(mark) ? readText(mark, 'a synthesis mark').trim() : undefined;
    if (id !== m.synthId)
      problems.push(
        `${f}/ was written by ${id === undefined ? 'something other than convoguard synth' : 'another synthesis'} (its ${SYNTH_MARK_FILE} does not hold ${m.synthId}): the folders are a mix of two runs`,
      );
  }
  if (problems.length > 0)
    throw new ReportInputError(
      [`${root}: the output folders are not one synthesis:`, ...problems.map((p) => `  ${p}`)].join('\n'),
    );
  return m as SynthManifest;
}

/** Every agent the manifest lists was read, and nothing else: a target that was dropped or added by hand is refused. */
export function checkAgainstManifest(root: string, m: SynthManifest, posture: Posture): void {
  const read = new Set(posture.agents.map((a) => `${a.agent}\u0000${a.platform}`));
  const listed = new Set(m.agents.map((a) => `${a.name}\u0000${a.platform}`));
  const problems = [
    ...m.agents
      .filter((a) => !read.has(`${a.name}\u0000${a.platform}`))
      .map((a) => `agent "${a.name}" (${a.platform}) is in the manifest, but ${a.folder}/ holds no output for it`),
    ...posture.agents
      .filter((a) => !listed.has(`${a.agent}\u0000${a.platform}`))
      .map((a) => `agent "${a.agent}" (${a.platform}) is in ${a.source}, but this synthesis did not produce it`),
  ];
  // A file the synthesis did not write (another stack folder, another template) is deployed by cdktf or cdk but
  // may not be read here: refused. Edited files are read, and what they say is reviewed.
  const recorded = new Set(m.files);
  const present = filesBelow(root, m.folders);
  const extra = present.filter((f) => !recorded.has(f));
  const gone = m.files.filter((f) => !present.includes(f));
  if (extra.length > 0)
    problems.push(
      `${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ` and ${extra.length - 5} more` : ''}: not written by this synthesis (not in its manifest); deploy tools would use ${extra.length === 1 ? 'it' : 'them'}, this review cannot vouch for ${extra.length === 1 ? 'it' : 'them'}`,
    );
  if (gone.length > 0)
    problems.push(
      `${gone.slice(0, 5).join(', ')}${gone.length > 5 ? ` and ${gone.length - 5} more` : ''}: written by this synthesis, now missing`,
    );
  if (problems.length > 0)
    throw new ReportInputError(
      [`${root}: the output does not match its manifest (${MANIFEST_FILE}):`, ...problems.map((p) => `  ${p}`)].join(
        '\n',
      ),
    );
}

/**
 * A file's path from the root of the git work tree that holds it (the nearest folder above it with a `.git` folder,
 * or a `.git` file as a linked worktree has; in a submodule, the path is the submodule's), `/`-separated, through
 * symlinks; undefined outside any.
 */
export function repositoryPath(file: string): string | undefined {
  // Through symlinks: a policy linked into a work tree is where its real file is.
  let abs = path.resolve(file);
  try {
    abs = fs.realpathSync(abs);
  } catch {
    // not there: the path as given
  }
  for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return path.relative(dir, abs).split(path.sep).join('/');
    if (path.dirname(dir) === dir) return undefined;
  }
}
