import * as fs from 'fs';
import * as path from 'path';
import { gateJson, losesData, readSynthesis as readWholeSynthesis, renderGateMarkdown, runGate } from '../report/gate';
import { renderMarkdown } from '../report/markdown';
import { renderSarif } from '../report/sarif';
import { renderJunit, reportJson } from '../report/junit';
import { Posture } from '../report/model';
import { checkAgainstManifest, readManifest } from '../report/manifest';
import { policyLocations, type PolicyLocations } from '../report/policy-locations';
import { readPosture } from '../report/posture';
import { EXIT, InputError, Io, UsageError, writeOrPrint } from './io';
import type { Command } from './command';

function format(values: Record<string, unknown>, posture = false): 'md' | 'json' | 'sarif' | 'junit' {
  const f = (values.format as string | undefined) ?? 'md';
  if (f !== 'md' && f !== 'json' && !(posture && (f === 'sarif' || f === 'junit')))
    throw new UsageError(`--format received "${f}"; expected md${posture ? ', json, sarif or junit' : ' or json'}`);
  return f as 'md' | 'json' | 'sarif' | 'junit';
}

function emit(io: Io, values: Record<string, unknown>, text: string): void {
  writeOrPrint(io, values.out as string | undefined, text);
}

function read(io: Io, sources: { cdkOut?: string; tfOut?: string; out?: string; relativeTo?: string }): Posture {
  const abs = (p?: string) => (p === undefined ? undefined : path.resolve(io.cwd, p));
  // A ReportInputError is an InputError: main() prints it on one line and exits 2.
  const posture = readPosture({
    cdkOut: abs(sources.cdkOut),
    tfOut: abs(sources.tfOut),
    out: abs(sources.out),
    relativeTo: sources.relativeTo ?? io.cwd,
  });
  // Nothing read is not "nothing wrong": a wrong folder must not come out green.
  if (posture.agents.length === 0)
    throw new InputError(
      `found no agent in ${[sources.cdkOut, sources.tfOut, sources.out].filter(Boolean).join(', ')}; expected folders written by a synthesis (cdk.out/, cdktf.out/, out/)`,
    );
  return posture;
}

/**
 * The posture of a folder where `convoguard synth` ran (a `--base`/`--head`/`--dir` DIR): its manifest is checked
 * first (no stale, missing or mixed folders), then every agent it lists must be read, and nothing else.
 */
function readSynthesis(io: Io, dir: string): { posture: Posture; policy: () => PolicyLocations | undefined } {
  const root = path.resolve(io.cwd, dir);
  if (!fs.existsSync(root)) throw new InputError(`${dir}: not found`);
  const m = readManifest(root);
  const has = (f: string) => (m.folders.includes(f as never) ? path.join(root, f) : undefined);
  const posture = readPosture({ cdkOut: has('cdk.out'), tfOut: has('cdktf.out'), out: has('out'), relativeTo: root });
  checkAgainstManifest(root, m, posture);
  // Read only for SARIF, the one format that points at policy lines.
  return { posture, policy: () => policyLocations(m, root, io.cwd) };
}

/** Exit 1 when `--fail-on-findings` is given and a finding is not a gap the plan already names. */
function findingsExit(values: Record<string, unknown>, posture: Posture): number {
  return values['fail-on-findings'] && posture.findings.some((f) => !f.planned) ? EXIT.failed : EXIT.ok;
}

export const reportCommand: Command = {
  summary: 'privacy posture of synthesized output, per agent, as Markdown (for a PR comment) or JSON',
  usage:
    'convoguard report (--dir DIR [--base DIR] | [--cdk-out DIR] [--tf-out DIR] [--rasa DIR]) [--fail-on-findings] [--format md|json|sarif|junit] [--known-gaps] [--out FILE]',
  help: [
    'Reads what was synthesized (CloudFormation and Terraform JSON, the Rasa and Meya files), not the policy, so a',
    'hand-edited override shows. Per agent: detected kinds and custom patterns, where redaction happens, every store',
    'that holds conversation data with its retention and key, each key with rotation, deletion protection and who',
    'may decrypt, and whether the protection is attached. Findings come first: anything sensitive that is',
    'unencrypted, kept longer than the policy allows (out/plan.json when present), public, decryptable by a',
    'wildcard principal, or not attached. The Markdown has a Mermaid flowchart of where conversation data goes.',
    '',
    'Options:',
    '  --dir DIR        a folder where convoguard synth ran: its manifest (out/convoguard.json) is checked, so a',
    '                   stale, missing or half-replaced folder is refused (exit 2)',
    "  --base DIR       with --dir and the Markdown: the synthesis of the pull request's base; the verdict line is",
    '                   then what the head adds against it (findings to fix the base does not have, or has at a',
    '                   lower severity), with what it keeps and fixes counted, and the added findings marked new.',
    '                   --fail-on-findings still judges every finding of the head',
    '  --cdk-out DIR    a cdk.out folder',
    '  --tf-out DIR     a cdktf.out folder',
    '  --rasa DIR       the out/ folder of convoguard synth (out/rasa, out/meya, out/plan.json), or out/rasa',
    '  --fail-on-findings   exit 1 when a finding is not a gap the plan already names',
    '  --format md|json|sarif|junit (default md; the JSON has schemaVersion 1; sarif is SARIF 2.1.0 for code',
    '                   scanning, findings to fix only; junit JUnit XML for CI test reports: findings to fix fail,',
    '                   gaps the plan names are skipped)',
    '  --known-gaps     with sarif: also the gaps the plan names, as suppressed notes (GitHub code scanning ignores',
    '                   suppressions and would open them as alerts; other SARIF tools honour them)',
    '  --out FILE       write here instead of stdout',
    '',
    'Exit codes: 0 read (and no finding with --fail-on-findings); 1 findings with --fail-on-findings; 2 an input that',
    'is not what a synthesis writes (truncated or hand-broken files, stale folders), with the file and place.',
  ].join('\n'),
  options: {
    dir: { type: 'string' },
    base: { type: 'string' },
    'cdk-out': { type: 'string' },
    'tf-out': { type: 'string' },
    rasa: { type: 'string' },
    'fail-on-findings': { type: 'boolean' },
    'known-gaps': { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
  },
  run({ values }, io) {
    const f = format(values, true);
    if (values['known-gaps'] && f !== 'sarif')
      throw new UsageError('--known-gaps is a SARIF option: give --format sarif');
    const separate = values['cdk-out'] !== undefined || values['tf-out'] !== undefined || values.rasa !== undefined;
    if (values.dir !== undefined && separate)
      throw new UsageError('give --dir, or --cdk-out/--tf-out/--rasa, not both');
    if (values.base !== undefined && values.dir === undefined)
      throw new UsageError('--base compares two syntheses: give the head with --dir');
    if (values.base !== undefined && f !== 'md')
      throw new UsageError(
        '--base applies to the Markdown report (code scanning compares SARIF runs itself); leave out --format or give md',
      );
    const base = values.base !== undefined ? readSynthesis(io, values.base as string).posture : undefined;
    const { posture, policy } =
      values.dir !== undefined
        ? readSynthesis(io, values.dir as string)
        : {
            posture: read(io, {
              cdkOut: values['cdk-out'] as string | undefined,
              tfOut: values['tf-out'] as string | undefined,
              out: values.rasa as string | undefined,
            }),
            policy: () => undefined,
          };
    emit(
      io,
      values,
      f === 'json'
        ? reportJson(posture)
        : f === 'sarif'
          ? renderSarif(posture, { knownGaps: values['known-gaps'] === true, policy: policy() })
          : f === 'junit'
            ? renderJunit(posture)
            : renderMarkdown(posture, undefined, base),
    );
    return findingsExit(values, posture);
  },
};

export const diffCommand: Command = {
  summary: 'the review gate: every change between two syntheses, classified; --fail-on-weaken for CI',
  usage: 'convoguard diff --base DIR --head DIR [--fail-on-weaken] [--fail-on-replace] [--format md|json] [--out FILE]',
  help: [
    'Each DIR holds cdk.out/ and/or cdktf.out/ and out/ exactly as `convoguard synth` writes them: one for the base',
    'branch, one for the head. Each manifest (out/convoguard.json) is checked first: a folder from another run is',
    'refused with exit 2. Two comparisons follow:',
    '- posture, per agent: retention, detectors, redaction, encryption, readers, attachment, guardrails, scans;',
    '- the deployed output, deny-by-default: every resource, property, section, asset and agent file the deploy',
    '  tools read, each change classified strengthening, neutral (a reviewed list: descriptions, tags, names) or',
    '  weakening. A change the gate cannot classify is unverified (CG-UNVERIFIED) and fails like a weakening until',
    '  acknowledged with a reason (review.acknowledge in the policy, or convoguard:acknowledge on the resource).',
    'A stack, file or agent the base had and the head lacks is protection removed.',
    'Then, per stateful resource (keys, buckets, log groups and buckets, bots, Kafka clusters and topics, datasets),',
    'what the change does to it: kept, updated, replaced (a create-only or force-new property changed), deleted,',
    'retained (DeletionPolicy Retain) or refused (prevent_destroy), and what a replacement or deletion loses; a bot',
    'change the live alias does not serve is named as reaching the draft only.',
    '',
    'Options:',
    '  --base DIR, --head DIR',
    '  --fail-on-weaken   exit 1 when a change weakens posture or is unclassified and unacknowledged',
    '  --fail-on-replace  exit 1 when a stateful resource would be replaced or deleted (what it holds is lost)',
    '  --format md|json   (default md; the JSON has schemaVersion 1)',
    '  --out FILE         write here instead of stdout',
    '',
    'Exit codes: 0 nothing fails the gate (or no --fail-on-weaken); 1 a weakening or an unacknowledged unclassified',
    'change with --fail-on-weaken, or a stateful resource replaced or deleted with --fail-on-replace; 2 an input that is not one synthesis as convoguard writes it (corrupt file, a',
    'folder from another run), with the file and place.',
  ].join('\n'),
  options: {
    base: { type: 'string' },
    head: { type: 'string' },
    'fail-on-weaken': { type: 'boolean' },
    'fail-on-replace': { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
  },
  run({ values }, io) {
    if (values.base === undefined || values.head === undefined)
      throw new UsageError('--base and --head are both required');
    const f = format(values);
    const open = (dir: string) => {
      const root = path.resolve(io.cwd, dir);
      if (!fs.existsSync(root)) throw new InputError(`${dir}: not found`);
      return readWholeSynthesis(root);
    };
    const result = runGate(open(values.base as string), open(values.head as string));
    emit(io, values, f === 'json' ? gateJson(result) : renderGateMarkdown(result));
    const weak = values['fail-on-weaken'] && !result.passes;
    const replaced = values['fail-on-replace'] && result.impact.some(losesData);
    return weak || replaced ? EXIT.failed : EXIT.ok;
  },
};
