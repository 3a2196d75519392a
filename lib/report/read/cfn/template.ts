/** A CloudFormation template as the per-store readers see it: resources, references, the agent attribution. */

import { ATTRIBUTION } from '../../../attribution';

export type Json = Record<string, unknown>;
export interface Resource {
  readonly Type: string;
  readonly Properties?: Json;
  readonly Metadata?: Json;
  readonly DeletionPolicy?: string;
}
export interface Template {
  readonly Resources?: Record<string, Resource>;
}

/** CloudFormation metadata key convoguard writes on every resource it creates for an agent. */
export const AGENT_KEY = ATTRIBUTION.cfnAgent;

export function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** A value or a list of values (IAM accepts both for Action, Principal.AWS, Resource). */
export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** Logical id behind `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attr] }`. */
export function refId(v: unknown): string | undefined {
  const o = obj(v);
  if (typeof o.Ref === 'string') return o.Ref;
  const ga = o['Fn::GetAtt'];
  if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
  return undefined;
}

/** The agent a resource protects: its `convoguard:agent` metadata; output of older versions falls back to the construct path. */
export function agentOf(r: Resource | undefined): string | undefined {
  const tagged = r?.Metadata?.[AGENT_KEY];
  if (typeof tagged === 'string') return tagged;
  const p = r?.Metadata?.['aws:cdk:path'];
  return typeof p === 'string' ? p.split('/')[1] : undefined;
}

/** The identifier name in `arn:…:dataprotection::aws:data-identifier/Name`, literal or inside Fn::Join. */
export function identifierName(v: unknown): string {
  if (typeof v === 'string') return v.split('data-identifier/').pop() ?? v;
  const join = obj(v)['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1]))
    return identifierName(join[1].filter((x): x is string => typeof x === 'string').join(''));
  return JSON.stringify(v);
}

/** A value the reader can use: a literal, not an intrinsic function it cannot resolve. */
export function literal(v: unknown): boolean {
  return v === undefined || typeof v !== 'object' || v === null;
}

/** A template's resources indexed once by type and by agent: a stack of hundreds of agents is read in one pass. */
export interface TemplateIndex {
  readonly res: Record<string, Resource>;
  of(type: string): Array<[string, Resource]>;
  ofAgent(agent: string, type?: string): Array<[string, Resource]>;
}

export function indexTemplate(t: Template): TemplateIndex {
  const res = t.Resources ?? {};
  const byType = new Map<string, Array<[string, Resource]>>();
  const byAgent = new Map<string, Array<[string, Resource]>>();
  for (const entry of Object.entries(res)) {
    const [, r] = entry;
    const typed = byType.get(r.Type);
    if (typed) typed.push(entry);
    else byType.set(r.Type, [entry]);
    const agent = agentOf(r);
    if (agent !== undefined) {
      const list = byAgent.get(agent);
      if (list) list.push(entry);
      else byAgent.set(agent, [entry]);
    }
  }
  return {
    res,
    of: (type) => byType.get(type) ?? [],
    ofAgent: (agent, type) => (byAgent.get(agent) ?? []).filter(([, r]) => type === undefined || r.Type === type),
  };
}
