/**
 * Generated weakenings: every deployed value of the example's synthesis removed, replaced or widened, resources
 * copied under new ids, conditions and statements added. Each mutation is gated against the unmutated synthesis in
 * memory. The oracle is independent of the gate's shapes: a mutation may pass only when it touches a place this file
 * lists as harmless (descriptions, tags, labels, construct metadata), when the head's posture (read by the report's
 * readers, not by the gate's shapes) is the base's, or when every change the gate reports is a strengthening and the
 * head's report finds nothing new; any other pass is a miss.
 */
import * as crypto from 'crypto';
import { diffPostures } from '../../lib/report';
import { runGate } from '../../lib/report/gate';
import type { Synthesis } from '../../lib/report/gate';
import type { SynthFile } from '../../lib/report/gate/output';

type Json = Record<string, unknown>;
export interface Mutation {
  readonly id: string;
  readonly file: string;
  /** The path mutated, for the harmless-place oracle. */
  readonly path: readonly (string | number)[];
  readonly apply: (doc: unknown) => unknown;
}

/** Places a change of which can never weaken protection, decided here and not by the gate. */
const HARMLESS_PLACE = [
  /(^|\.)(Description|AlarmDescription|description|display_name|DisplayName|documentation)(\.|$)/,
  /(^|\.)(Tags|BotTags|BotAliasTags|TestBotAliasTags|labels|user_labels)(\.|$)/,
  /^Metadata\.aws:cdk:path$/,
  /^\/\/\.metadata/,
  /^(Metadata|\/\/)$/,
];

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const isMap = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function at(doc: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], doc);
}
function edit(
  doc: unknown,
  path: readonly (string | number)[],
  f: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy = clone(doc);
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  f(parent, path[path.length - 1]);
  return copy;
}

/** The mutations of one deployed file: per unit (a resource, a block), each of its values below the unit. */
export function mutationsOf(file: SynthFile): Mutation[] {
  const out: Mutation[] = [];
  const doc = file.doc;
  const units: Array<(string | number)[]> = [];
  if (file.kind === 'cfn-template')
    for (const id of Object.keys((doc as Json).Resources as Json)) units.push(['Resources', id]);
  else if (file.kind === 'tf-document') {
    for (const block of ['resource', 'data'] as const)
      for (const [type, byName] of Object.entries(((doc as Json)[block] ?? {}) as Json))
        for (const name of Object.keys(byName as Json)) units.push([block, type, name]);
  } else units.push([]);
  for (const unit of units) {
    const walk = (v: unknown, path: (string | number)[], depth: number) => {
      if (depth > 12) return;
      const rel = path.slice(unit.length);
      if (rel.length > 0 && !(file.kind === 'cfn-template' && rel.length === 1 && rel[0] === 'Type')) {
        out.push({
          id: `${file.rel}:${path.join('.')}:remove`,
          file: file.rel,
          path: rel,
          apply: (d) => edit(d, path, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k])),
        });
      }
      if (typeof v === 'string')
        out.push({
          id: `${file.rel}:${path.join('.')}:replace`,
          file: file.rel,
          path: rel,
          apply: (d) =>
            edit(
              d,
              path,
              (p, k) => (p[k] = v.includes(':') || v.includes('/') ? `${v.replace(/[^:/]+$/, '*')}` : `${v}-mutated`),
            ),
        });
      else if (typeof v === 'number')
        out.push({
          id: `${file.rel}:${path.join('.')}:scale`,
          file: file.rel,
          path: rel,
          apply: (d) => edit(d, path, (p, k) => (p[k] = v * 10 + 1)),
        });
      else if (typeof v === 'boolean')
        out.push({
          id: `${file.rel}:${path.join('.')}:flip`,
          file: file.rel,
          path: rel,
          apply: (d) => edit(d, path, (p, k) => (p[k] = !v)),
        });
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], depth + 1));
      else if (isMap(v)) {
        // Widen every policy document: an Allow of everything to everyone.
        if (Array.isArray(v.Statement))
          out.push({
            id: `${file.rel}:${path.join('.')}:allow-all`,
            file: file.rel,
            path: [...rel, 'Statement'],
            apply: (d) =>
              edit(d, [...path, 'Statement'], (p, k) =>
                (p[k] as unknown[]).push({ Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*' }),
              ),
          });
        for (const [k, x] of Object.entries(v)) walk(x, [...path, k], depth + 1);
      }
    };
    walk(at(doc, unit), unit, 0);
    if (file.kind === 'cfn-template' && unit.length === 2) {
      out.push({
        id: `${file.rel}:${unit.join('.')}:decoy`,
        file: file.rel,
        path: ['(copy)'],
        apply: (d) => edit(d, [...unit.slice(0, 1), `${String(unit[1])}Decoy`], (p, k) => (p[k] = clone(at(d, unit)))),
      });
      out.push({
        id: `${file.rel}:${unit.join('.')}:condition`,
        file: file.rel,
        path: ['Condition'],
        apply: (d) => edit(d, [...unit, 'Condition'], (p, k) => (p[k] = 'Never')),
      });
    }
    if (file.kind === 'tf-document' && unit.length === 3)
      out.push({
        id: `${file.rel}:${unit.join('.')}:decoy`,
        file: file.rel,
        path: ['(copy)'],
        apply: (d) => edit(d, [...unit.slice(0, 2), `${String(unit[2])}_decoy`], (p, k) => (p[k] = clone(at(d, unit)))),
      });
  }
  return out;
}

/** The agents' postures as one string, without where each was read from. */
function canonicalPosture(agents: readonly unknown[]): string {
  return JSON.stringify(
    agents.map((a) => ({ ...(a as Json), source: undefined })),
    (_k, v: unknown) => (isMap(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))) : v),
  );
}

/** The files of a synthesis whose mutations are generated: what the deploy tools and the agents read. */
export function mutableFiles(s: Synthesis): SynthFile[] {
  return [...s.files.values()].filter((f) =>
    ['cfn-template', 'tf-document', 'rasa-endpoints', 'meya-sensitive-data'].includes(f.kind),
  );
}

/** `s` with `rel` replaced by `doc`, and (for a template) re-sealed as cdk synth would: its asset and URL rehashed. */
export function withDoc(s: Synthesis, rel: string, doc: unknown): Synthesis {
  const files = new Map(s.files);
  const old = files.get(rel)!;
  const text = JSON.stringify(doc);
  const sha = crypto.createHash('sha256').update(text).digest('hex');
  files.set(rel, { ...old, doc, sha256: sha });
  if (old.kind === 'cfn-template') {
    const stack = rel.slice('cdk.out/'.length, -'.template.json'.length);
    const assetsRel = `cdk.out/${stack}.assets.json`;
    const assets = clone(files.get(assetsRel)!.doc) as { files: Record<string, Json> };
    const entry = assets.files[old.sha256];
    delete assets.files[old.sha256];
    assets.files[sha] = entry;
    files.set(assetsRel, { ...files.get(assetsRel)!, doc: assets });
    const manifest = clone(files.get('cdk.out/manifest.json')!.doc) as {
      artifacts: Record<string, { properties: Json }>;
    };
    const props = manifest.artifacts[stack].properties;
    props.stackTemplateAssetObjectUrl = String(props.stackTemplateAssetObjectUrl).replace(old.sha256, sha);
    files.set('cdk.out/manifest.json', { ...files.get('cdk.out/manifest.json')!, doc: manifest });
  }
  return { ...s, files };
}

export interface MutationFigure {
  readonly mutations: number;
  readonly caught: number;
  /** Passed: the mutated place is harmless by this file's list. */
  readonly neutral: number;
  /** Passed: the posture the report reads is unchanged. */
  readonly samePosture: number;
  readonly strengthening: number;
  readonly missed: readonly string[];
}

/** Gates each mutation against `base` and classifies the outcome with the independent oracle. */
export function runMutations(base: Synthesis, list: readonly Mutation[]): MutationFigure {
  const baseFindings = new Set(
    runGate(base, base)
      .headPosture.findings.filter((f) => !f.planned)
      .map((f) => `${f.rule} ${f.agent} ${f.message}`),
  );
  const postureOf = (r: ReturnType<typeof runGate>) => canonicalPosture(r.headPosture.agents);
  const basePosture = postureOf(runGate(base, base));
  let caught = 0;
  let neutral = 0;
  let samePosture = 0;
  let mutations = 0;
  let strengthening = 0;
  const missed: string[] = [];
  for (const m of list) {
    const before = base.files.get(m.file)!.doc;
    const doc = m.apply(before);
    if (JSON.stringify(doc) === JSON.stringify(before)) continue; // the operator changed nothing here
    mutations++;
    const r = runGate(base, withDoc(base, m.file, doc));
    if (!r.passes) {
      caught++;
      continue;
    }
    const place = m.path.join('.');
    if (HARMLESS_PLACE.some((re) => re.test(place))) {
      neutral++;
      continue;
    }
    // A store the output no longer has holds nothing: that finding is a deviation from the plan, not a weakening.
    const newFindings = r.headPosture.findings.filter(
      (f) =>
        !f.planned &&
        !baseFindings.has(`${f.rule} ${f.agent} ${f.message}`) &&
        !/is in the plan but not in the synthesized output$/.test(f.message),
    );
    // A copy of a resource under a new id changes no existing value: it passes when the report's own posture
    // comparison sees no weakening (a second key or topic holds nothing until something refers to it).
    const decoyHarmless =
      m.path[0] === '(copy)' &&
      newFindings.length === 0 &&
      !diffPostures(r.basePosture, r.headPosture).some((c) => c.class === 'weakening');
    if (newFindings.length === 0 && (postureOf(r) === basePosture || decoyHarmless)) {
      samePosture++;
      continue;
    }
    const onlyStronger =
      r.output.length > 0 &&
      r.output.every((c) => c.class === 'strengthening' || c.class === 'neutral') &&
      r.output.some((c) => c.class === 'strengthening');
    if (onlyStronger && newFindings.length === 0) strengthening++;
    else
      missed.push(
        `${m.id}: passed with ${r.output.map((c) => `${c.class} ${c.resource} ${c.path} (${c.why})`).join('; ') || 'no change reported'}${newFindings.length > 0 ? `; new findings: ${newFindings.map((f) => f.rule).join(', ')}` : ''}`,
      );
  }
  return { mutations, caught, neutral, samePosture, strengthening, missed };
}
