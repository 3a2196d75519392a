import * as fs from 'fs';
import * as path from 'path';
import { agentsOf, plan, planToJson, ProtectionPlan } from '../policy/plan';
import { denyUnmaskDocument } from '../policy/platforms';
import type { Command } from './command';
import { EXIT } from './io';
import { displayPath, loadPolicyArg } from './args';
import { planWarnings } from './agent-files';

/** One output of `convoguard synth`. Loaded lazily: a target's cloud library is only required when it runs. */
interface Target {
  readonly name: string;
  /** Writes below `root`; returns the paths written, for the summary. `warn` reports what a target cannot express. */
  run(p: ProtectionPlan, root: string, warn: (message: string) => void): string[];
}

/**
 * For each lex agent that enforces its decrypters: an SCP document denying logs:Unmask on its log groups to every
 * principal but the decrypters (no resource policy can restrict logs:Unmask; an organization admin applies it).
 */
function writeScps(p: ProtectionPlan, root: string): string[] {
  return agentsOf(p, 'lex')
    .filter((a) => a.enforceDecrypters)
    .map((a) => {
      const file = path.join(root, 'out', 'aws', a.name, 'deny-unmask-scp.json');
      const doc = denyUnmaskDocument([a.names.logGroup, a.names.auditLogGroup], a.decrypters, (n) => `arn:aws:logs:*:*:log-group:${n}`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
      return file;
    });
}

/** The folders `synth` owns below its root: replaced as a whole on success. */
const OUTPUT_DIRS = ['out', 'cdktf.out', 'cdk.out'];

/* eslint-disable @typescript-eslint/no-require-imports -- each target require()s its cloud library only when it runs */
const TARGETS: Target[] = [
  {
    name: 'plan',
    run(p, root) {
      const file = path.join(root, 'out', 'plan.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(planToJson(p), null, 2) + '\n');
      return [file];
    },
  },
  {
    name: 'gcp',
    run(p, root) {
      if (!p.agents.some((a) => a.platform === 'dialogflow-cx')) return [];
      const { synthGcpApp } = require('../gcp/stack') as typeof import('../gcp/stack');
      return synthGcpApp(p, path.join(root, 'cdktf.out'));
    },
  },
  {
    name: 'aws',
    run(p, root) {
      if (!p.agents.some((a) => a.platform === 'lex')) return [];
      const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
      const { addAwsStacks } = require('../aws/stack') as typeof import('../aws/stack');
      const outdir = path.join(root, 'cdk.out');
      // Path metadata maps logical ids back to constructs, as `cdk synth` does; the report reads it.
      const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
      const stacks = addAwsStacks(app, p);
      app.synth();
      return [...Object.keys(stacks).map((s) => path.join(outdir, `${s}.template.json`)), ...writeScps(p, root)];
    },
  },
  {
    name: 'agents',
    run(p, root, warn) {
      const { writeAgentFiles } = require('./agent-files') as typeof import('./agent-files');
      const { written, warnings } = writeAgentFiles(p, root);
      warnings.forEach(warn);
      return written;
    },
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */

export const synthCommand: Command = {
  summary: 'validate a policy, then write every target: plan, Terraform, CloudFormation, Rasa and Meya files',
  usage: 'convoguard synth <policy.yaml> [--out DIR]',
  help: [
    'Validates the policy first: on any problem it prints them all, exits 2 and writes nothing.',
    'Then writes, below --out (default: the current directory):',
    '  out/plan.json                        the normalized plan',
    '  cdktf.out/stacks/<stack>/cdk.tf.json  Terraform for each Google Cloud project/location (dialogflow-cx agents)',
    '  cdk.out/<stack>.template.json         CloudFormation for each AWS account/region (lex agents)',
    '  out/rasa/<agent>/endpoints.yml        Rasa Pro anonymization, topics and log formatter (rasa agents)',
    '  out/meya/<agent>/integration/sensitive_data.yaml   Meya Sensitive Data integration (meya agents)',
    '',
    'Options:',
    '  --out DIR   folder that receives the outputs (default .)',
  ].join('\n'),
  options: { out: { type: 'string' } },
  run({ positionals, values }, io) {
    const loaded = loadPolicyArg(positionals, io.cwd);
    const root = path.resolve(io.cwd, (values.out as string | undefined) ?? '.');
    const p = plan(loaded.policy);
    io.out(`${loaded.file}: ${p.agents.length} agents\n`);
    const warn = (m: string) => io.err(`warning: ${m}\n`);
    for (const a of p.agents) for (const w of planWarnings(a)) warn(w);
    // Every target writes into a staging folder first; the output folders are replaced only when all succeeded,
    // so a failure leaves the previous output as it was.
    fs.mkdirSync(root, { recursive: true });
    const staging = fs.mkdtempSync(path.join(root, '.convoguard-synth-'));
    try {
      const written: Array<[string, string]> = [];
      for (const target of TARGETS) for (const f of target.run(p, staging, warn)) written.push([target.name, path.join(root, path.relative(staging, f))]);
      for (const dir of OUTPUT_DIRS) {
        if (!fs.existsSync(path.join(staging, dir))) continue;
        fs.rmSync(path.join(root, dir), { recursive: true, force: true });
        fs.renameSync(path.join(staging, dir), path.join(root, dir));
      }
      for (const [name, f] of written) io.out(`  ${name.padEnd(6)} ${displayPath(f, io.cwd)}\n`);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
    return EXIT.ok;
  },
};
