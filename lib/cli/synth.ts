import * as fs from 'fs';
import * as path from 'path';
import type { AgentPlan } from '../policy/plan-types';
import { agentsOf, plan, planToJson, ProtectionPlan } from '../policy/plan';
import {
  MANIFEST_FILE,
  newSynthId,
  repositoryPath,
  sha256,
  SYNTH_FOLDERS,
  SynthFolder,
  writeManifest,
} from '../report/manifest';
import { packageVersion } from '../version';
import { denyUnmaskDocument, platformModule } from '../policy/platforms';
import type { Command } from './command';
import { BACKEND_FORMS, LOCAL_STATE_WARNING, parseBackend } from '../policy/backend';
import { ensureDir, EXIT, UsageError } from './io';
import { displayPath, loadPolicyArg, policyArg } from './args';
import { resolvePlacement } from './placement-file';
import { loadTarget } from './peers';
import { planWarnings } from './agent-files';

/** One output of `convoguard synth`. Loaded lazily: a target's cloud library is only required when it runs. */
interface Target {
  readonly name: string;
  /** Writes below `root`; returns the paths written, for the summary. `warn` reports what a target cannot express. */
  run(
    p: ProtectionPlan,
    root: string,
    warn: (message: string) => void,
    ctx: {
      readonly policyFile: string;
      readonly cwd: string;
      readonly env: Readonly<Record<string, string | undefined>>;
    },
  ): string[];
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
      const doc = denyUnmaskDocument(
        [a.names.logGroup, a.names.auditLogGroup],
        a.decrypters,
        (n) => `arn:aws:logs:*:*:log-group:${n}`,
      );
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
      return file;
    });
}

/** The folder each platform's output goes to, by what deploys it (its module says). */
const FOLDER_OF_TARGET = { terraform: 'cdktf.out', cloudformation: 'cdk.out', files: 'out' } as const;
const folderOf = (platform: AgentPlan['platform']): SynthFolder => FOLDER_OF_TARGET[platformModule(platform).target];

/**
 * Replaces the synthesis folders below `root` with those in `fresh`: every existing one (including those the new
 * policy no longer produces) is moved aside into `old` first, then the new ones are moved in, out/ (which holds
 * the manifest) last. On any failure everything moved is moved back, so `root` holds the previous synthesis whole.
 * Renames inside one folder cannot fail for lack of space; a crash between them (power loss, SIGKILL) leaves
 * folders whose marks disagree with the manifest, which `diff` refuses.
 */
function swapInto(root: string, fresh: string, old: string, folders: readonly SynthFolder[]): void {
  const movedOut: string[] = [];
  const movedIn: string[] = [];
  try {
    for (const f of SYNTH_FOLDERS) {
      if (!fs.existsSync(path.join(root, f))) continue;
      fs.renameSync(path.join(root, f), path.join(old, f));
      movedOut.push(f);
    }
    for (const f of [...folders].reverse()) {
      fs.renameSync(path.join(fresh, f), path.join(root, f));
      movedIn.push(f);
    }
  } catch (e) {
    for (const f of movedIn) fs.renameSync(path.join(root, f), path.join(fresh, f));
    for (const f of movedOut) fs.renameSync(path.join(old, f), path.join(root, f));
    throw e;
  }
}

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
      if (!p.agents.some((a) => folderOf(a.platform) === 'cdktf.out')) return [];
      const { synthGcpApp } = loadTarget('gcp', () => require('../gcp/stack') as typeof import('../gcp/stack'));
      return synthGcpApp(p, path.join(root, 'cdktf.out'));
    },
  },
  {
    name: 'aws',
    run(p, root, warn, ctx) {
      if (!p.agents.some((a) => a.platform === 'lex')) return [];
      const { App } = loadTarget('aws', () => require('aws-cdk-lib') as typeof import('aws-cdk-lib'));
      const { addAwsStacks, awsPlacement, synthAwsChecked, CLOUDFORMATION_VALIDATION } = loadTarget(
        'aws',
        () => require('../aws/stack') as typeof import('../aws/stack'),
      );
      // Path metadata maps logical ids back to constructs, as `cdk synth` does; the report reads it.
      const context = { 'aws:cdk:enable-path-metadata': true, ...CLOUDFORMATION_VALIDATION };
      const { placement, wrote } = resolvePlacement(p, ctx.policyFile, ctx.env, (plan, previous) =>
        awsPlacement(plan, previous, context),
      );
      if (wrote)
        warn(
          `${displayPath(wrote, ctx.cwd)} now places each lex agent in its stack: commit it (moving an agent to another stack deletes and re-creates its resources)`,
        );
      const outdir = path.join(root, 'cdk.out');
      const app = new App({ outdir, context });
      const stacks = addAwsStacks(app, p, placement);
      synthAwsChecked(app);
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
  usage: 'convoguard synth <policy.yaml> [--out DIR] [--backend URL]',
  help: [
    'Validates the policy first: on any problem it prints them all, exits 2 and writes nothing.',
    'Then writes, below --out (default: the current directory):',
    '  out/plan.json                        the normalized plan',
    '  cdktf.out/stacks/<stack>/cdk.tf.json  Terraform for each Google Cloud project/location (dialogflow-cx agents)',
    '  cdk.out/<stack>.template.json         CloudFormation for each AWS account/region (lex agents)',
    '  out/rasa/<agent>/endpoints.yml        Rasa Pro anonymization, topics and log formatter (rasa agents)',
    '  out/meya/<agent>/integration/sensitive_data.yaml   Meya Sensitive Data integration (meya agents)',
    '  out/convoguard.json                  the manifest: policy hash, folders and agents (diff checks it)',
    '',
    'The folders are written in a staging folder and replace the previous ones only when every target succeeded;',
    'a folder the policy no longer produces (cdk.out/ when the last lex agent is removed) is removed.',
    '',
    'Options:',
    '  --out DIR       folder that receives the outputs (default .)',
    `  --backend URL   Terraform state of the Google Cloud stacks: ${BACKEND_FORMS}`,
    "                  (overrides the policy's terraform.backend; without either, state is local and a warning says so)",
  ].join('\n'),
  options: { out: { type: 'string' }, backend: { type: 'string' } },
  run({ positionals, values }, io) {
    const loaded = loadPolicyArg(positionals, io.cwd);
    const root = path.resolve(io.cwd, (values.out as string | undefined) ?? '.');
    let p = plan(loaded.policy);
    if (values.backend !== undefined) {
      const b = parseBackend(values.backend as string);
      if ('error' in b) throw new UsageError(`--backend ${b.error}`);
      p = { ...p, terraformBackend: b };
    }
    io.out(`${loaded.file}: ${p.agents.length} agents\n`);
    const warn = (m: string) => io.err(`warning: ${m}\n`);
    if (p.terraformBackend.kind === 'local' && p.agents.some((a) => folderOf(a.platform) === 'cdktf.out'))
      warn(LOCAL_STATE_WARNING);
    for (const a of p.agents) for (const w of planWarnings(a)) warn(w);
    // Every target writes into one staging folder first; the output folders are replaced only when all succeeded,
    // so a failure leaves the previous output as it was, and folders the policy no longer produces are removed.
    ensureDir(root);
    const staging = fs.mkdtempSync(path.join(root, '.convoguard-synth-'));
    try {
      const fresh = path.join(staging, 'new');
      const old = path.join(staging, 'old');
      fs.mkdirSync(fresh);
      fs.mkdirSync(old);
      const written: Array<[string, string]> = [];
      const ctx = { policyFile: policyArg(positionals, io.cwd), cwd: io.cwd, env: io.env };
      for (const target of TARGETS)
        for (const f of target.run(p, fresh, warn, ctx))
          written.push([target.name, path.join(root, path.relative(fresh, f))]);
      const folders = SYNTH_FOLDERS.filter((f) => fs.existsSync(path.join(fresh, f)));
      writeManifest(fresh, {
        version: 1,
        generator: `convoguard ${packageVersion()}`,
        synthId: newSynthId(),
        policy: {
          file: loaded.file,
          name: p.policy,
          sha256: sha256(fs.readFileSync(policyArg(positionals, io.cwd))),
          ...(repositoryPath(policyArg(positionals, io.cwd)) !== undefined
            ? { repoFile: repositoryPath(policyArg(positionals, io.cwd)) }
            : {}),
        },
        folders,
        agents: p.agents.map((a) => ({ name: a.name, platform: a.platform, folder: folderOf(a.platform) })),
      });
      written.push(['manifest', path.join(root, MANIFEST_FILE)]);
      swapInto(root, fresh, old, folders);
      for (const [name, f] of written) io.out(`  ${name.padEnd(8)} ${displayPath(f, io.cwd)}\n`);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
    return EXIT.ok;
  },
};
