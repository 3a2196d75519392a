import * as fs from 'fs';
import * as path from 'path';
import { diffPostures, renderDiffMarkdown } from '../report/diff';
import { renderMarkdown } from '../report/markdown';
import { Posture } from '../report/model';
import { readPosture, ReportInputError } from '../report/posture';
import { EXIT, Io, UsageError, writeOrPrint } from './io';
import type { Command } from './command';

function format(values: Record<string, unknown>): 'md' | 'json' {
  const f = (values.format as string | undefined) ?? 'md';
  if (f !== 'md' && f !== 'json') throw new UsageError(`--format received "${f}"; expected md or json`);
  return f;
}

function emit(io: Io, values: Record<string, unknown>, text: string): void {
  writeOrPrint(io, values.out as string | undefined, text);
}

function read(io: Io, sources: { cdkOut?: string; tfOut?: string; out?: string; relativeTo?: string }): Posture {
  const abs = (p?: string) => (p === undefined ? undefined : path.resolve(io.cwd, p));
  try {
    return readPosture({ cdkOut: abs(sources.cdkOut), tfOut: abs(sources.tfOut), out: abs(sources.out), relativeTo: sources.relativeTo ?? io.cwd });
  } catch (e) {
    if (e instanceof ReportInputError) throw new UsageError(e.message);
    throw e;
  }
}

/** The synthesized folders inside a `--base`/`--head` DIR, as `npm run synth` writes them. */
function sourcesIn(io: Io, dir: string) {
  const root = path.resolve(io.cwd, dir);
  if (!fs.existsSync(root)) throw new UsageError(`${dir}: not found`);
  const has = (p: string) => (fs.existsSync(path.join(root, p)) ? path.join(root, p) : undefined);
  const s = { cdkOut: has('cdk.out'), tfOut: has('cdktf.out'), out: has('out'), relativeTo: root };
  if (!s.cdkOut && !s.tfOut && !s.out) throw new UsageError(`${dir}: holds no cdk.out/, cdktf.out/ or out/; expected a folder where npm run synth ran`);
  return s;
}

export const reportCommand: Command = {
  summary: 'privacy posture of synthesized output, per agent, as Markdown (for a PR comment) or JSON',
  usage: 'convoguard report [--cdk-out DIR] [--tf-out DIR] [--rasa DIR] [--format md|json] [--out FILE]',
  help: [
    'Reads what was synthesized (CloudFormation and Terraform JSON, the Rasa and Meya files), not the policy, so a',
    'hand-edited override shows. Per agent: detected kinds and custom patterns, where redaction happens, every store',
    'that holds conversation data with its retention and key, each key with rotation, deletion protection and who',
    'may decrypt, and whether the protection is attached. Findings come first: anything sensitive that is',
    'unencrypted, kept longer than the policy allows (out/plan.json when present), public, decryptable by a',
    'wildcard principal, or not attached. The Markdown has a Mermaid flowchart of where conversation data goes.',
    '',
    'Options:',
    '  --cdk-out DIR    a cdk.out folder',
    '  --tf-out DIR     a cdktf.out folder',
    '  --rasa DIR       the out/ folder of convoguard synth (out/rasa, out/meya, out/plan.json), or out/rasa',
    '  --format md|json (default md)',
    '  --out FILE       write here instead of stdout',
  ].join('\n'),
  options: { 'cdk-out': { type: 'string' }, 'tf-out': { type: 'string' }, rasa: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  run({ values }, io) {
    const f = format(values);
    const posture = read(io, { cdkOut: values['cdk-out'] as string | undefined, tfOut: values['tf-out'] as string | undefined, out: values.rasa as string | undefined });
    emit(io, values, f === 'json' ? JSON.stringify(posture, null, 2) + '\n' : renderMarkdown(posture));
    return EXIT.ok;
  },
};

export const diffCommand: Command = {
  summary: 'posture changes between two syntheses, classed weakening/strengthening/neutral; --fail-on-weaken for CI',
  usage: 'convoguard diff --base DIR --head DIR [--fail-on-weaken] [--format md|json] [--out FILE]',
  help: [
    'Each DIR holds cdk.out/ and/or cdktf.out/ (and out/) exactly as `npm run synth` writes them: one for the base',
    'branch, one for the head. Lists each change with the agent, the store and the resource (CloudFormation logical',
    'id or Terraform address). Weakening: retention up, detector or kind removed, encryption removed or moved to a',
    'provider-managed key, decrypter added, redaction detached, public access opened, topic retention up.',
    '',
    'Options:',
    '  --base DIR, --head DIR',
    '  --fail-on-weaken   exit 1 when any change weakens posture, so CI can require an explicit approval',
    '  --format md|json   (default md)',
    '  --out FILE         write here instead of stdout',
  ].join('\n'),
  options: { base: { type: 'string' }, head: { type: 'string' }, 'fail-on-weaken': { type: 'boolean' }, format: { type: 'string' }, out: { type: 'string' } },
  run({ values }, io) {
    if (values.base === undefined || values.head === undefined) throw new UsageError('--base and --head are both required');
    const f = format(values);
    const changes = diffPostures(read(io, sourcesIn(io, values.base as string)), read(io, sourcesIn(io, values.head as string)));
    emit(io, values, f === 'json' ? JSON.stringify({ changes }, null, 2) + '\n' : renderDiffMarkdown(changes));
    return values['fail-on-weaken'] && changes.some((c) => c.class === 'weakening') ? EXIT.failed : EXIT.ok;
  },
};
