/**
 * Reads synthesized output folders into a `Posture`, attaches each agent's expected posture from out/plan.json
 * (recomputed from the plan by its platform module), and runs the posture rules.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AgentPlan } from '../policy/plan-types';
import { expectedPosture, unverifiableReasonOf } from '../policy/platforms';
import { IMPLICIT_READERS, STORE_NAME, storeKey } from '../policy/posture';
import { PLATFORMS } from '../policy/schema';
import type { AgentPosture, Posture, StorePosture } from './model';
import { checkTemplateShape, checkTerraformShape, readJsonFile, ReportInputError, readYamlFile } from './input';
import { readMeya, readRasa } from './read-agent-files';
import { readCloudFormation } from './read-cloudformation';
import { isSharedDoc, providerProject, readTerraform } from './read-terraform';
import { findingsOf, withExpected } from './rules';
import { expectedStoreOf } from './rules/rule';
import { MISSING_CHECK, NOT_FOUND } from '../policy/verify';

export interface PostureSources {
  /** A cdk.out folder. */
  readonly cdkOut?: string;
  /** A cdktf.out folder. */
  readonly tfOut?: string;
  /** An out/ folder (rasa/, meya/, plan.json), or out/rasa itself. */
  readonly out?: string;
  /** Folder that sources are named relative to in the report. @default the parent of the first folder given */
  readonly relativeTo?: string;
}

export { ReportInputError };

/** The folder's entries, sorted; a folder that cannot be listed is a `ReportInputError`. */
function list(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch (e) {
    throw new ReportInputError(`${dir}: cannot be listed (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** The synthesized documents a posture is read from, already parsed and shape-checked; `file` names each in the report. */
export interface SynthesizedDocs {
  readonly terraform: ReadonlyArray<{ readonly doc: Parameters<typeof readTerraform>[0]; readonly file: string }>;
  readonly cloudFormation: ReadonlyArray<{
    readonly doc: Parameters<typeof readCloudFormation>[0];
    readonly file: string;
    readonly account?: string;
  }>;
  readonly agentFiles: ReadonlyArray<{
    readonly platform: 'rasa' | 'meya';
    readonly agent: string;
    readonly doc: Record<string, unknown>;
    readonly file: string;
  }>;
  /** out/plan.json, parsed. */
  readonly plan?: { readonly json: unknown; readonly file: string };
}

export function readPosture(src: PostureSources): Posture {
  const first = src.cdkOut ?? src.tfOut ?? src.out;
  if (first === undefined) throw new ReportInputError('nothing to read: give --cdk-out, --tf-out or --rasa');
  const root = src.relativeTo ?? path.dirname(first);
  const rel = (p: string) => path.relative(root, p) || p;
  const terraform: Array<SynthesizedDocs['terraform'][number]> = [];
  const cloudFormation: Array<SynthesizedDocs['cloudFormation'][number]> = [];
  const agentFiles: Array<SynthesizedDocs['agentFiles'][number]> = [];
  let plan: SynthesizedDocs['plan'];
  if (src.tfOut) {
    const stacks = path.join(src.tfOut, 'stacks');
    if (!fs.existsSync(stacks))
      throw new ReportInputError(
        `${src.tfOut}: no stacks/ folder; expected a cdktf.out written by cdktf synth or convoguard synth`,
      );
    for (const s of list(stacks)) {
      const file = path.join(stacks, s, 'cdk.tf.json');
      if (!fs.existsSync(file)) continue;
      // Terraform reads every *.tf(.json) of the folder and merges *_override files over the rest: a file beside
      // cdk.tf.json changes what is deployed without changing what is read here.
      const others = list(path.join(stacks, s)).filter((f) => /\.tf(\.json)?$/.test(f) && f !== 'cdk.tf.json');
      if (others.length > 0)
        throw new ReportInputError(
          `${path.join(stacks, s)}: ${others.join(', ')} beside cdk.tf.json; Terraform would merge ${others.length === 1 ? 'it' : 'them'} into the deployment, and this review reads cdk.tf.json only. Remove ${others.length === 1 ? 'it' : 'them'}, or express the change in the synthesis`,
        );
      const doc = readJsonFile(file, 'Terraform JSON');
      checkTerraformShape(doc, file);
      terraform.push({ doc: doc as Parameters<typeof readTerraform>[0], file: rel(file) });
    }
  }
  if (src.cdkOut) {
    if (!fs.existsSync(src.cdkOut))
      throw new ReportInputError(
        `${src.cdkOut}: not found; expected a cdk.out written by cdk synth or convoguard synth`,
      );
    checkCloudAssembly(src.cdkOut);
    const manifestFile = path.join(src.cdkOut, 'manifest.json');
    const accounts = stackAccounts(
      fs.existsSync(manifestFile) ? readJsonFile(manifestFile, 'a cloud assembly manifest') : undefined,
    );
    for (const f of list(src.cdkOut).filter((x) => x.endsWith('.template.json'))) {
      const file = path.join(src.cdkOut, f);
      const t = readJsonFile(file, 'a CloudFormation template');
      checkTemplateShape(t, file);
      cloudFormation.push({
        doc: t as unknown as Parameters<typeof readCloudFormation>[0],
        file: rel(file),
        account: accounts.get(f),
      });
    }
  }
  if (src.out) {
    const outDir = path.basename(src.out) === 'rasa' ? path.dirname(src.out) : src.out;
    for (const platform of ['rasa', 'meya'] as const) {
      const dir = path.join(outDir, platform);
      if (!fs.existsSync(dir)) continue;
      for (const agent of list(dir)) {
        const file = path.join(dir, agent, AGENT_FILE[platform]);
        if (!fs.existsSync(file)) continue;
        agentFiles.push({
          platform,
          agent,
          doc: readYamlFile(file, platform === 'rasa' ? 'a Rasa endpoints.yml' : 'a Meya sensitive_data.yaml'),
          file: rel(file),
        });
      }
    }
    const planFile = path.join(outDir, 'plan.json');
    if (fs.existsSync(planFile)) plan = { json: readJsonFile(planFile, 'a convoguard plan'), file: planFile };
  }
  return postureOf({ terraform, cloudFormation, agentFiles, plan });
}

/** Template file → the account its stack is pinned to, from the cloud assembly manifest (`aws://ACCOUNT/REGION`). */
export function stackAccounts(manifest: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const artifacts =
    (
      manifest as
        | {
            artifacts?: Record<
              string,
              { type?: string; environment?: unknown; properties?: { templateFile?: unknown } }
            >;
          }
        | undefined
    )?.artifacts ?? {};
  for (const a of Object.values(artifacts)) {
    if (a?.type !== 'aws:cloudformation:stack' || typeof a.properties?.templateFile !== 'string') continue;
    const m = typeof a.environment === 'string' ? /^aws:\/\/(\d{12})\//.exec(a.environment) : null;
    if (m) out.set(a.properties.templateFile, m[1]);
  }
  return out;
}

/** The file of each agent platform below out/<platform>/<agent>/. */
export const AGENT_FILE = { rasa: 'endpoints.yml', meya: path.join('integration', 'sensitive_data.yaml') } as const;

/** The posture of parsed documents: each agent read, its expected posture attached from the plan, the rules run. */
export function postureOf(docs: SynthesizedDocs): Posture {
  const agents: AgentPosture[] = [];
  // The project-wide parts of a stack per agent (terraform.stacks: per-agent) are in the shared stack of its project.
  const shared = docs.terraform.filter((d) => isSharedDoc(d.doc));
  for (const { doc, file } of docs.terraform) {
    const project = providerProject(doc);
    const context =
      project === undefined
        ? []
        : shared.filter((d) => d.doc !== doc && providerProject(d.doc) === project).map((d) => d.doc);
    agents.push(...readTerraform(doc, file, context));
  }
  for (const { doc, file, account } of docs.cloudFormation) agents.push(...readCloudFormation(doc, file, { account }));
  for (const { platform, agent, doc, file } of docs.agentFiles)
    agents.push(platform === 'rasa' ? readRasa(doc, agent, file) : readMeya(doc, agent, file));
  // Two readings of one agent (a second alias of the bot, a second Dialogflow agent with its settings): which one is
  // live is not in the output, and a decoy carrying the old settings would hide the weakened one. Each says so.
  const readings = new Map<string, AgentPosture[]>();
  for (const a of agents) readings.set(a.agent, [...(readings.get(a.agent) ?? []), a]);
  for (const [name, list] of readings) {
    if (list.length < 2) continue;
    const what = `${list.length} resources claim agent "${name}" (${list.map((a) => a.attachedVia ?? a.source).join(', ')}): which one serves it is not in the output, and each has its own logging and settings`;
    for (let i = 0; i < agents.length; i++)
      if (agents[i].agent === name)
        agents[i] = {
          ...agents[i],
          unverified: [...(agents[i].unverified ?? []), { resource: agents[i].attachedVia ?? agents[i].source, what }],
        };
  }
  const plans: readonly AgentPlan[] = docs.plan ? agentPlans(docs.plan.json, docs.plan.file) : [];
  const planned = agents.map((a) =>
    withReasons(
      withPlan(
        a,
        plans.find((p) => p.name === a.agent && p.platform === a.platform),
      ),
    ),
  );
  const withExpected = joinRawTopics(planned, plans);
  withExpected.sort((a, b) => a.agent.localeCompare(b.agent));
  return { agents: withExpected, findings: withExpected.flatMap((a) => findingsOf(a)) };
}

/**
 * A Rasa file names the topic its broker writes every original event to, but not how that topic is kept; a cloud
 * stack provisions topics, but not what flows into them. Where a cloud agent's output holds the topic the Rasa file
 * names (on the cluster the plan says, or on any cluster when there is no plan), the raw store takes that topic's
 * retention, key and readers, and the topic leaves the host's anonymized topics: it carries raw events, whatever the
 * host's stack calls it. A named topic no output holds keeps its unbounded, unknown reading.
 */
function joinRawTopics(input: readonly AgentPosture[], plans: readonly AgentPlan[]): AgentPosture[] {
  const agents = [...input];
  const names = (t: StorePosture) => (t.kind === 'raw-event-topic' ? t.name : STORE_NAME.rasaRawEvents(t.name));
  for (let i = 0; i < agents.length; i++) {
    const rasa = agents[i];
    if (rasa.platform !== 'rasa') continue;
    const plan = plans.find((p) => p.name === rasa.agent && p.platform === 'rasa');
    const kafka = plan?.platform === 'rasa' ? plan.kafka : undefined;
    if (kafka && !kafka.cluster) continue; // your own Kafka: no output here holds its topics
    const host = kafka?.cluster?.agent;
    const stores = rasa.stores.map((s) => {
      if (s.kind !== 'raw-event-topic') return s;
      for (let j = 0; j < agents.length; j++) {
        const h = agents[j];
        if (h.platform === 'rasa' || h.platform === 'meya' || (host !== undefined && h.agent !== host)) continue;
        const topic = h.stores.find(
          (t) => (t.kind === 'raw-event-topic' || t.kind === 'anonymized-topic') && names(t) === s.name,
        );
        if (!topic) continue;
        const expected = h.expected && {
          ...h.expected,
          stores: h.expected.stores.filter((e) => !(e.kind === 'raw-event-topic' && e.name === s.name)),
        };
        agents[j] = { ...h, stores: h.stores.filter((t) => t !== topic), ...(expected ? { expected } : {}) };
        return {
          ...s,
          resource: topic.resource,
          retention: topic.retention,
          encryption: topic.encryption,
          readers: topic.readers,
        };
      }
      return s;
    });
    agents[i] = { ...rasa, stores };
  }
  return agents;
}

/**
 * The templates `cdk deploy` would use are the ones the cloud assembly's manifest names: a manifest pointing a stack
 * at another file would deploy something this review never read.
 */
function checkCloudAssembly(cdkOut: string): void {
  const file = path.join(cdkOut, 'manifest.json');
  if (!fs.existsSync(file)) return;
  const m = readJsonFile(file, 'a cloud assembly manifest') as {
    artifacts?: Record<string, { type?: string; properties?: { templateFile?: unknown } }>;
  } | null;
  const problems: string[] = [];
  for (const [id, a] of Object.entries(m?.artifacts ?? {})) {
    if (a?.type !== 'aws:cloudformation:stack') continue;
    const t = a.properties?.templateFile;
    if (t !== `${id}.template.json`)
      problems.push(
        `stack ${id} deploys ${JSON.stringify(t)}, not ${id}.template.json (the template this review reads)`,
      );
  }
  if (problems.length > 0)
    throw new ReportInputError(
      [
        `${file}: the cloud assembly deploys templates this review does not read:`,
        ...problems.map((p) => `  ${p}`),
      ].join('\n'),
    );
}

/** The agents of out/plan.json, each checked for the fields the platform modules read. */
function agentPlans(json: unknown, file: string): AgentPlan[] {
  const doc = json as { version?: unknown; agents?: unknown };
  if (doc?.version !== 1 || !Array.isArray(doc.agents))
    throw new ReportInputError(`${file}: expected a convoguard plan (version 1 with an agents list)`);
  return doc.agents.map((a: unknown, i: number) => {
    const p = a as Partial<AgentPlan> | null;
    if (
      !p ||
      typeof p.name !== 'string' ||
      !PLATFORMS.includes(p.platform as never) ||
      typeof p.retention?.sensitiveSeconds !== 'number'
    ) {
      throw new ReportInputError(`${file}: agents[${i}] is not an agent plan (expected name, platform and retention)`);
    }
    return p as AgentPlan;
  });
}

/** Why nothing verifies each store that has no check: the plan's reason, else what the platform allows. */
function withReasons(a: AgentPosture): AgentPosture {
  return {
    ...a,
    stores: a.stores.map((s) => {
      if ((s.verifiedBy ?? []).length > 0) return s;
      // The reader's own reason (a check that notifies nobody) says more than the plan's.
      if (s.unverifiedReason) return { ...s, verifiedBy: [] };
      const e = expectedStoreOf(a, s);
      const reason =
        (e?.verifiedBy ?? []).length > 0
          ? MISSING_CHECK
          : (e?.unverifiedReason ?? unverifiableReasonOf(s.kind, a.platform) ?? NOT_FOUND);
      return { ...s, verifiedBy: [], unverifiedReason: reason };
    }),
  };
}

/** The agent with its expected posture, plus the stores only the plan knows of (Rasa's tracker store, Meya's data). */
function withPlan(a: AgentPosture, p: AgentPlan | undefined): AgentPosture {
  if (!p) return a;
  let expected: ReturnType<typeof expectedPosture>;
  try {
    expected = expectedPosture(p);
  } catch (e) {
    // A plan.json edited by hand or written by another version: say so, never a stack trace.
    throw new ReportInputError(
      `plan.json: agent "${p.name}" is not a plan this version can read (${(e as Error).message})`,
    );
  }
  a = withExpected(a, expected);
  // The plan enforces its decrypters on Lex with a DenyUnmask policy: without it, anyone with logs:Unmask reads the logs.
  const missingDeny =
    p.platform === 'lex' && p.enforceDecrypters && a.denyUnmask === false
      ? [
          {
            resource: a.source,
            what: 'the DenyUnmask policy the plan enforces (access.enforce) is missing: nothing denies logs:Unmask on the conversation logs',
          },
        ]
      : [];
  if (missingDeny.length > 0) a = { ...a, unverified: [...(a.unverified ?? []), ...missingDeny] };
  // With access.enforce the audio bucket's policy denies reads to all but the decrypters; read as missing, anyone with
  // s3:GetObject and kms:Decrypt reads the audio, and no reader rule would say so.
  const openAudio =
    p.platform === 'lex' && p.enforceDecrypters
      ? a.stores.filter(
          (s) => s.kind === 'audio' && s.readers.some((r) => r.who === IMPLICIT_READERS.s3ObjectReaders.who),
        )
      : [];
  if (openAudio.length > 0) {
    const what =
      "the audio bucket's read deny the plan enforces (access.enforce) is missing or not in the form convoguard writes: any principal with s3:GetObject and kms:Decrypt reads the audio";
    a = { ...a, unverified: [...(a.unverified ?? []), ...openAudio.map((s) => ({ resource: s.resource, what }))] };
  }
  // Rasa's raw topic is one per agent: the file may name it otherwise than the plan (a merged file keeps its topic).
  const rawRead = a.stores.some((s) => s.kind === 'raw-event-topic');
  const read = new Set([
    ...a.stores.map(storeKey),
    ...(rawRead ? expected.stores.filter((e) => e.kind === 'raw-event-topic').map(storeKey) : []),
  ]);
  const filesOnly = a.platform === 'rasa' || a.platform === 'meya';
  // A Rasa file names its broker's topic but not which cluster carries it: the plan knows (an MSK or Managed Kafka
  // cluster of a cloud agent), and so who its clients are.
  if (a.platform === 'rasa') {
    a = {
      ...a,
      stores: a.stores.map((s) =>
        s.kind === 'raw-event-topic'
          ? { ...s, readers: expected.stores.find((e) => e.kind === 'raw-event-topic')?.readers ?? s.readers }
          : s,
      ),
    };
  }
  const fromPlan: StorePosture[] = filesOnly
    ? expected.stores
        .filter((e) => !read.has(storeKey(e)))
        .map((e) => ({
          kind: e.kind,
          name: e.name,
          resource: 'platform',
          retention: e.retention,
          // A store convoguard cannot see into is not assumed to be encrypted with a key you control, nor to be provider-encrypted.
          encryption: { kind: e.encryption },
          redactedBy: e.redactedBy,
          public: false,
          sensitive: e.sensitive,
          readers: e.readers,
          fromPlan: true,
        }))
    : [];
  // A Meya integration that is off or encrypts no transcript leaves its data unencrypted.
  const meyaOff = a.meya && (!a.meya.enabled || !a.meya.transcript);
  const stores = [...a.stores, ...fromPlan.map((s) => (meyaOff ? { ...s, encryption: { kind: 'none' as const } } : s))];
  const policyKinds = Array.isArray(p.detection?.kinds) ? p.detection.kinds.map((k) => k.kind) : undefined;
  return { ...a, stores, expected, ...(policyKinds ? { policyKinds } : {}) };
}
