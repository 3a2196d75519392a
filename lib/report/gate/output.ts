/**
 * A synthesis folder read whole, once: every file the synthesis wrote (and any file beside them), parsed where the
 * format is known, hashed otherwise. The gate compares two of these unit by unit, and the posture is read from the
 * same parsed documents, so what is classified and what is reported are the same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkTemplateShape, checkTerraformShape, parseJson, parseYaml, readBytes, ReportInputError } from '../input';
import { MANIFEST_FILE, readManifest, sha256, SYNTH_FOLDERS, SYNTH_MARK_FILE, SynthManifest } from '../manifest';
import { stackAccounts } from '../posture';
import type { SynthesizedDocs } from '../posture';
import type { Dialect } from './compare';

/** What a file of a synthesis is, from its place. */
export type FileKind =
  | 'cfn-template'
  | 'cdk-assets'
  | 'cdk-manifest'
  | 'cdk-informational'
  | 'cdk-asset-content'
  | 'cdktf-manifest'
  | 'tf-document'
  | 'rasa-endpoints'
  | 'meya-sensitive-data'
  | 'scp'
  | 'convoguard-plan'
  | 'convoguard-manifest'
  | 'synth-mark'
  | 'other';

export interface SynthFile {
  /** Relative to the synthesis root, with '/' separators. */
  readonly rel: string;
  readonly kind: FileKind;
  readonly sha256: string;
  /** The parsed content of JSON and YAML files. */
  readonly doc?: unknown;
  /** True when the file is not in the synthesis manifest (something put it there after the synthesis). */
  readonly unlisted?: boolean;
}

export interface Synthesis {
  readonly root: string;
  readonly manifest: SynthManifest;
  readonly files: ReadonlyMap<string, SynthFile>;
  /** Files the manifest lists that are not there. */
  readonly missing: readonly string[];
}

/** A file's kind from its path below the synthesis root. */
export function fileKind(rel: string): FileKind {
  const parts = rel.split('/');
  const base = parts[parts.length - 1];
  if (base === SYNTH_MARK_FILE && parts.length === 2) return 'synth-mark';
  if (rel === MANIFEST_FILE.split(path.sep).join('/')) return 'convoguard-manifest';
  if (rel === 'out/plan.json') return 'convoguard-plan';
  if (parts[0] === 'out' && parts[1] === 'rasa' && parts.length === 4 && base === 'endpoints.yml')
    return 'rasa-endpoints';
  if (
    parts[0] === 'out' &&
    parts[1] === 'meya' &&
    parts.length === 5 &&
    parts[3] === 'integration' &&
    base === 'sensitive_data.yaml'
  )
    return 'meya-sensitive-data';
  if (parts[0] === 'out' && parts[1] === 'aws' && parts.length === 4 && base === 'deny-unmask-scp.json') return 'scp';
  if (parts[0] === 'cdk.out') {
    if (parts.length === 2) {
      if (base === 'manifest.json') return 'cdk-manifest';
      if (base.endsWith('.template.json')) return 'cfn-template';
      if (base.endsWith('.assets.json')) return 'cdk-assets';
      if (
        base === 'tree.json' ||
        base.endsWith('.metadata.json') ||
        base === 'validation-report.json' ||
        base === 'cdk.out'
      )
        return 'cdk-informational';
    }
    if (parts.length >= 2 && /^asset\.[0-9a-f]{64}(\.[a-z0-9]+)?$/.test(parts[1])) return 'cdk-asset-content';
  }
  if (parts[0] === 'cdktf.out') {
    if (rel === 'cdktf.out/manifest.json') return 'cdktf-manifest';
    if (parts.length === 4 && parts[1] === 'stacks' && base === 'cdk.tf.json') return 'tf-document';
  }
  return 'other';
}

/** The dialect whose syntax a changed string in a file of this kind must not smuggle in. */
export function dialectOf(kind: FileKind): Dialect {
  if (kind === 'cfn-template') return 'cfn';
  if (kind === 'tf-document') return 'tf';
  if (kind === 'rasa-endpoints') return 'rasa';
  return 'plain';
}

/** Every file below the synthesis folders, relative, sorted (links are listed, not followed). */
function filesBelow(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 32)
      throw new ReportInputError(`${dir}: folders nested more than 32 deep; a synthesis writes no such tree`);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new ReportInputError(`${dir}: cannot be listed (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  for (const f of SYNTH_FOLDERS) if (fs.existsSync(path.join(root, f))) walk(path.join(root, f), 0);
  return out.sort();
}

const WHAT: Partial<Record<FileKind, string>> = {
  'cfn-template': 'a CloudFormation template',
  'tf-document': 'Terraform JSON',
  'cdk-assets': 'a cloud assembly asset manifest',
  'cdk-manifest': 'a cloud assembly manifest',
  'cdktf-manifest': 'a cdktf manifest',
  scp: 'a service control policy',
  'convoguard-plan': 'a convoguard plan',
  'convoguard-manifest': 'a convoguard synthesis manifest',
  'rasa-endpoints': 'a Rasa endpoints.yml',
  'meya-sensitive-data': 'a Meya sensitive_data.yaml',
};

/** The parsed content of a file of a known kind (undefined for others), or a located refusal. */
function parse(text: string, rel: string, kind: FileKind): unknown {
  const what = WHAT[kind];
  if (what === undefined) return undefined;
  if (kind === 'rasa-endpoints' || kind === 'meya-sensitive-data') return parseYaml(text, rel, what);
  const doc = parseJson(text, rel, what);
  if (kind === 'cfn-template') checkTemplateShape(doc, rel);
  if (kind === 'tf-document') checkTerraformShape(doc, rel);
  return doc;
}

/** Bytes of a file, or a located refusal (a device, a pipe, a file too large). */
function bytesOf(abs: string, rel: string): Buffer {
  return readBytes(abs, `a file of the synthesis (${rel})`);
}

/**
 * Reads the synthesis below `root`: the manifest first (a folder from another run or a missing folder is refused,
 * exit 2), then every file. A file the manifest does not list is read and marked, never skipped: deploy tools would
 * use it. A file that does not parse as its kind is refused with its place (exit 2).
 */
export function readSynthesis(root: string): Synthesis {
  const manifest = readManifest(root, { missingIsChange: true });
  const listed = new Set(manifest.files);
  const present = filesBelow(root);
  const files = new Map<string, SynthFile>();
  for (const rel of present) {
    const abs = path.join(root, ...rel.split('/'));
    const kind = fileKind(rel);
    const bytes = bytesOf(abs, rel);
    const doc = parse(bytes.toString('utf8'), rel, kind);
    files.set(rel, {
      rel,
      kind,
      sha256: sha256(bytes),
      ...(doc !== undefined ? { doc } : {}),
      ...(listed.has(rel) || rel === MANIFEST_FILE.split(path.sep).join('/') ? {} : { unlisted: true }),
    });
  }
  return { root, manifest, files, missing: manifest.files.filter((f) => !files.has(f)) };
}

/** The posture readers' input from a synthesis: its templates, Terraform documents, agent files and plan. */
export function docsOf(s: Synthesis): SynthesizedDocs {
  const of = (kind: FileKind) => [...s.files.values()].filter((f) => f.kind === kind && !f.unlisted);
  const accounts = stackAccounts(s.files.get('cdk.out/manifest.json')?.doc);
  return {
    terraform: of('tf-document').map((f) => ({
      doc: f.doc as SynthesizedDocs['terraform'][number]['doc'],
      file: f.rel,
    })),
    cloudFormation: of('cfn-template').map((f) => ({
      doc: f.doc as SynthesizedDocs['cloudFormation'][number]['doc'],
      file: f.rel,
      account: accounts.get(f.rel.slice('cdk.out/'.length)),
    })),
    agentFiles: [
      ...of('rasa-endpoints').map((f) => ({
        platform: 'rasa' as const,
        agent: f.rel.split('/')[2],
        doc: f.doc as Record<string, unknown>,
        file: f.rel,
      })),
      ...of('meya-sensitive-data').map((f) => ({
        platform: 'meya' as const,
        agent: f.rel.split('/')[2],
        doc: f.doc as Record<string, unknown>,
        file: f.rel,
      })),
    ],
    ...(s.files.get('out/plan.json')
      ? { plan: { json: s.files.get('out/plan.json')!.doc, file: 'out/plan.json' } }
      : {}),
  };
}
