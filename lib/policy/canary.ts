/**
 * Synthetic personal data to send through a deployed agent, and where to look for it afterwards, so a team can prove
 * that redaction held on the real service: one utterance per kind (the catalog's synthetic values) and per custom
 * pattern (its first `examples.match`), one with the SSML markers, all tagged with the canary's id; then, per
 * store, the query to run and what it must show. Needs no credentials: it prints commands, it runs none.
 */
import { CATALOG, PHONE_CANARY_BY_COUNTRY } from './catalog';
import type { AgentPlan } from './plan-types';
import { platformModule } from './platforms';
import type { CanaryCheck, CanaryUtterance } from './platforms/types';
import type { Policy } from './schema';

export { shellQuote } from './shell';

export type { CanaryCheck, CanaryUtterance } from './platforms/types';

export interface AgentCanary {
  readonly agent: string;
  readonly platform: AgentPlan['platform'];
  readonly utterances: readonly CanaryUtterance[];
  readonly checks: readonly CanaryCheck[];
  /** What the canary cannot prove on this platform. */
  readonly notes: readonly string[];
}

export interface Canary {
  readonly id: string;
  readonly agents: readonly AgentCanary[];
}

export const CANARY_ID_RE = /^[a-z0-9]{4,16}$/;

/** A fresh canary id: 8 lower-case hex characters. */
export function newCanaryId(random: () => number = Math.random): string {
  return Array.from({ length: 8 }, () => Math.floor(random() * 16).toString(16)).join('');
}

/** The canary of each agent of `agents` (a plan's agents), for `policy`, tagged `id`. */
export function canary(policy: Policy, agents: readonly AgentPlan[], id: string): Canary {
  if (!CANARY_ID_RE.test(id)) throw new Error(`canary id "${id}": expected 4-16 lower-case letters and digits`);
  return { id, agents: agents.map((a) => agentCanary(policy, a, id)) };
}

function utterancesOf(policy: Policy, a: AgentPlan, id: string): { utterances: CanaryUtterance[]; notes: string[] } {
  const notes: string[] = [];
  // A telephone number of the bot's own country where a fictional range is known: an identifier of one country does
  // not match another's numbers, so a US canary on an Irish bot would prove nothing about Irish numbers.
  const country = a.platform === 'lex' ? a.create?.locale.split('_')[1] : undefined;
  const phone = country ? PHONE_CANARY_BY_COUNTRY[country] : undefined;
  if (country && !phone && a.detection.kinds.some((k) => k.kind === 'phone')) {
    notes.push(
      `no fictional telephone range is known for ${country}: the canary sends a US number; send one in your country's format too (with its real digits changed)`,
    );
  }
  const utterances: CanaryUtterance[] = a.detection.kinds.map((k) => {
    const value = k.kind === 'phone' && phone ? phone : CATALOG[k.kind].canary.replace(/\{id\}/g, id);
    // The kind's description carries the keywords some detectors need nearby (card, social security number).
    return { source: 'kind', name: k.kind, text: `canary ${id}: ${CATALOG[k.kind].description}: ${value}`, value };
  });
  for (const c of policy.detection.custom) {
    const sample = c.examples?.match[0];
    if (sample === undefined) {
      notes.push(`custom pattern ${c.name} has no examples.match: give one so the canary can send it`);
      continue;
    }
    utterances.push({ source: 'pattern', name: c.name, text: `canary ${id}: ${sample}`, value: sample });
  }
  const m = a.detection.markers;
  if (m) {
    const secret = `secret-${id}`;
    utterances.push({
      source: 'markers',
      name: 'SSML markers',
      text: `canary ${id}: the agent says ${m.start}${secret}${m.end}`,
      value: secret,
    });
  }
  return { utterances, notes };
}

function agentCanary(policy: Policy, a: AgentPlan, id: string): AgentCanary {
  const { utterances, notes } = utterancesOf(policy, a, id);
  const checks: CanaryCheck[] = [];
  // A platform whose module says where to look (platforms/<platform>): its checks, in its folder.
  const own = platformModule(a.platform).canary?.(a, utterances, id);
  if (own) {
    checks.push(...own.checks);
    notes.push(...own.notes);
  }
  return { agent: a.name, platform: a.platform, utterances, checks, notes };
}
