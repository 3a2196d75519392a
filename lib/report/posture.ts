/**
 * Reads synthesized output folders into a `Posture` and derives findings: anything sensitive that is unencrypted,
 * kept longer than the policy allows, public, readable by a wildcard principal, or not attached.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AgentPosture, DAY, Finding, formatRetention, Posture } from './model';
import { readMeya, readRasa } from './read-agent-files';
import { readCloudFormation } from './read-cloudformation';
import { readTerraform } from './read-terraform';

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

/** What the policy allows, from out/plan.json when present; otherwise the library's defaults. */
export interface Limits {
  readonly sensitiveSeconds: number;
  readonly anonymizedSeconds: number;
  readonly topicSeconds: Readonly<Record<string, number>>;
}

const DEFAULT_LIMITS: Limits = { sensitiveSeconds: DAY, anonymizedSeconds: 30 * DAY, topicSeconds: {} };

export class ReportInputError extends Error {}

export function readPosture(src: PostureSources): Posture {
  const agents: AgentPosture[] = [];
  if (!src.cdkOut && !src.tfOut && !src.out) throw new ReportInputError('nothing to read: give --cdk-out, --tf-out or --rasa');
  const root = src.relativeTo ?? path.dirname((src.cdkOut ?? src.tfOut ?? src.out)!);
  const rel = (p: string) => path.relative(root, p) || p;
  if (src.tfOut) {
    const stacks = path.join(src.tfOut, 'stacks');
    if (!fs.existsSync(stacks)) throw new ReportInputError(`${src.tfOut}: no stacks/ folder; expected a cdktf.out written by cdktf synth or convoguard synth`);
    for (const s of fs.readdirSync(stacks).sort()) {
      const file = path.join(stacks, s, 'cdk.tf.json');
      if (fs.existsSync(file)) agents.push(...readTerraform(JSON.parse(fs.readFileSync(file, 'utf8')), rel(file)));
    }
  }
  if (src.cdkOut) {
    if (!fs.existsSync(src.cdkOut)) throw new ReportInputError(`${src.cdkOut}: not found; expected a cdk.out written by cdk synth or convoguard synth`);
    for (const f of fs.readdirSync(src.cdkOut).filter((x) => x.endsWith('.template.json')).sort()) {
      const file = path.join(src.cdkOut, f);
      agents.push(...readCloudFormation(JSON.parse(fs.readFileSync(file, 'utf8')), rel(file)));
    }
  }
  let limits = DEFAULT_LIMITS;
  if (src.out) {
    const outDir = path.basename(src.out) === 'rasa' ? path.dirname(src.out) : src.out;
    for (const platform of ['rasa', 'meya'] as const) {
      const dir = path.join(outDir, platform);
      if (!fs.existsSync(dir)) continue;
      for (const agent of fs.readdirSync(dir).sort()) {
        const file = path.join(dir, agent, platform === 'rasa' ? 'endpoints.yml' : 'integration/sensitive_data.yaml');
        if (!fs.existsSync(file)) continue;
        const text = fs.readFileSync(file, 'utf8');
        agents.push(platform === 'rasa' ? readRasa(text, agent, rel(file)) : readMeya(text, agent, rel(file)));
      }
    }
    const planFile = path.join(outDir, 'plan.json');
    if (fs.existsSync(planFile)) limits = limitsFromPlan(JSON.parse(fs.readFileSync(planFile, 'utf8')));
  }
  agents.sort((a, b) => a.agent.localeCompare(b.agent));
  return { agents, findings: agents.flatMap((a) => findingsOf(a, limits)) };
}

function limitsFromPlan(plan: any): Limits {
  const first = plan?.agents?.[0]?.retention;
  if (!first) return DEFAULT_LIMITS;
  const topics: Record<string, number> = {};
  for (const a of plan.agents) for (const t of a.topics ?? []) topics[t.name] = t.retentionMs / 1000;
  return { sensitiveSeconds: first.sensitiveDays * DAY, anonymizedSeconds: first.anonymizedSeconds, topicSeconds: topics };
}

/** Slack for stores whose expiry can only be expressed in days plus the provider's own delay. */
const S3_ROUNDING = DAY;

export function findingsOf(a: AgentPosture, limits: Limits): Finding[] {
  const out: Finding[] = [];
  const add = (severity: Finding['severity'], resource: string, message: string) => out.push({ severity, agent: a.agent, resource, message });
  if (!a.attached) {
    const what = { 'dialogflow-cx': 'security settings are not attached to any Dialogflow CX agent', lex: 'the bot alias does not send logs to a protected log group and an encrypted bucket', rasa: 'endpoints.yml has no anonymization section used by the logger', meya: 'the Sensitive Data integration is not enabled' }[a.platform];
    add('high', a.source, `protection not attached: ${what}`);
  }
  const meya = (a as AgentPosture & { meya?: { transport: boolean; transcript: boolean } }).meya;
  if (meya && !meya.transport) add('medium', a.source, 'Meya transport encryption is off: HTTP and websocket data are not encrypted');
  if (meya && !meya.transcript) add('high', a.source, 'Meya transcript encryption is off: events, data scopes and media are not encrypted');
  for (const s of a.stores) {
    if (s.encryption.kind === 'none') add('high', s.resource, `${s.kind} "${s.name}" is not encrypted`);
    if (s.sensitive && s.kind !== 'conversation-history' && s.encryption.kind !== 'customer') add('medium', s.resource, `${s.kind} "${s.name}" uses provider-managed encryption, not a customer-managed key`);
    if (s.public) add('high', s.resource, `${s.kind} "${s.name}" can be made public (public access is not blocked)`);
    const limit = s.sensitive ? limits.sensitiveSeconds + (s.kind === 'audio' && a.platform === 'lex' ? S3_ROUNDING : 0) : limits.topicSeconds[s.name] ?? limits.anonymizedSeconds;
    if (s.retentionSeconds === undefined) add('high', s.resource, `${s.kind} "${s.name}" keeps data without limit; the policy allows ${formatRetention(limit)}`);
    else if (s.retentionSeconds > limit) add('high', s.resource, `${s.kind} "${s.name}" keeps data ${formatRetention(s.retentionSeconds)}; the policy allows ${formatRetention(limit)}`);
    if (s.sensitive && s.redactedBy.length === 0 && s.kind !== 'audio') add('medium', s.resource, `${s.kind} "${s.name}" receives unredacted data`);
  }
  for (const k of a.keys) {
    if (k.decrypters.some((d) => d === '*' || /allUsers|allAuthenticatedUsers/.test(d))) add('high', k.resource, `key "${k.name}" can be used to decrypt by a wildcard or public principal`);
    if (k.rotationDays === undefined) add('medium', k.resource, `key "${k.name}" does not rotate`);
    if (!k.deletionProtected) add('medium', k.resource, `key "${k.name}" is not protected from deletion (destroying it loses the data it protects)`);
  }
  return out;
}
