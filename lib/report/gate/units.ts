/**
 * The units of a synthesis: each resource of a template or Terraform document, each other block or section, each
 * asset and artifact, each agent file. Units are matched by file and address between the base and the head.
 */
import { createHash } from 'crypto';
import { ATTRIBUTION } from '../../attribution';
import { isMap } from './compare';
import type { Dialect, Side } from './compare';
import { dialectOf, Synthesis, SynthFile } from './output';

export interface CodeAcknowledgement {
  readonly path: string;
  readonly reason: string;
}

export interface Unit {
  /** `file#address`: what matches a base unit with a head unit. */
  readonly key: string;
  readonly file: string;
  readonly address: string;
  readonly type: string;
  readonly dialect: Dialect;
  readonly value: unknown;
  readonly agent?: string;
  /** Acknowledgements written on the resource in code (`convoguard:acknowledge`). */
  readonly acknowledgements: readonly CodeAcknowledgement[];
}

/** Metadata key of a CloudFormation resource and `//` key of a Terraform resource holding code acknowledgements. */
export const CFN_ACK_KEY = ATTRIBUTION.cfnAcknowledge;
export const TF_ACK_KEY = ATTRIBUTION.tfAcknowledge;

function acknowledgements(v: unknown): CodeAcknowledgement[] {
  return (Array.isArray(v) ? v : []).filter(
    (a): a is CodeAcknowledgement => isMap(a) && typeof a.path === 'string' && typeof a.reason === 'string',
  );
}

const CFN_SECTIONS_BY_NAME = ['Parameters', 'Outputs', 'Conditions', 'Mappings', 'Rules'];
const TF_BLOCKS_BY_NAME = ['module', 'output', 'variable', 'provider'];

function cfnUnits(f: SynthFile): Unit[] {
  const t = f.doc as Record<string, unknown>;
  const out: Unit[] = [];
  const unit = (address: string, type: string, value: unknown, agent?: unknown, acks?: unknown): Unit => ({
    key: `${f.rel}#${address}`,
    file: f.rel,
    address,
    type,
    dialect: 'cfn',
    value,
    ...(typeof agent === 'string' ? { agent } : {}),
    acknowledgements: acknowledgements(acks),
  });
  for (const [k, v] of Object.entries(t)) {
    if (k === 'Resources' && isMap(v)) {
      for (const [id, r] of Object.entries(v)) {
        const meta = isMap(r) && isMap(r.Metadata) ? r.Metadata : {};
        out.push(
          unit(
            id,
            isMap(r) && typeof r.Type === 'string' ? r.Type : '?',
            r,
            meta[ATTRIBUTION.cfnAgent],
            meta[CFN_ACK_KEY],
          ),
        );
      }
    } else if (CFN_SECTIONS_BY_NAME.includes(k) && isMap(v)) {
      for (const [name, x] of Object.entries(v)) out.push(unit(`${k}.${name}`, `cfn:${k}`, x));
    } else out.push(unit(k, `cfn:${k}`, v));
  }
  return out;
}

function tfUnits(f: SynthFile): Unit[] {
  const d = f.doc as Record<string, unknown>;
  const out: Unit[] = [];
  const unit = (address: string, type: string, value: unknown): Unit => {
    const meta = isMap(value) && isMap(value['//']) ? value['//'] : {};
    return {
      key: `${f.rel}#${address}`,
      file: f.rel,
      address,
      type,
      dialect: 'tf',
      value,
      ...(typeof meta[ATTRIBUTION.tfAgent] === 'string' ? { agent: meta[ATTRIBUTION.tfAgent] as string } : {}),
      acknowledgements: acknowledgements(meta[TF_ACK_KEY]),
    };
  };
  for (const [k, v] of Object.entries(d)) {
    if ((k === 'resource' || k === 'data') && isMap(v)) {
      for (const [type, byName] of Object.entries(v)) {
        for (const [name, r] of Object.entries(isMap(byName) ? byName : {}))
          out.push(
            unit(k === 'data' ? `data.${type}.${name}` : `${type}.${name}`, k === 'data' ? `data.${type}` : type, r),
          );
      }
    } else if (TF_BLOCKS_BY_NAME.includes(k) && isMap(v)) {
      for (const [name, x] of Object.entries(v)) out.push(unit(`${k}.${name}`, `tf:${k}`, x));
    } else out.push(unit(k, `tf:${k}`, v));
  }
  return out;
}

/** A fingerprint of an asset's source below cdk.out: the file's bytes, or every file of the folder with its path. */
function contentHash(s: Synthesis, source: string): string {
  const prefix = `cdk.out/${source}`;
  const parts = [...s.files.values()]
    .filter((f) => f.rel === prefix || f.rel.startsWith(`${prefix}/`))
    .map((f) => `${f.rel.slice(prefix.length)}\u0000${f.sha256}`);
  if (parts.length === 0) return 'missing';
  return createHash('sha256').update(parts.sort().join('\n')).digest('hex');
}

function assetUnits(s: Synthesis, f: SynthFile): Unit[] {
  const d = f.doc as Record<string, unknown>;
  const out: Unit[] = [];
  const unit = (address: string, type: string, value: unknown): Unit => ({
    key: `${f.rel}#${address}`,
    file: f.rel,
    address,
    type,
    dialect: 'plain',
    value,
    acknowledgements: [],
  });
  for (const [k, v] of Object.entries(isMap(d) ? d : {})) {
    if (k === 'files' && isMap(v)) {
      for (const [id, a] of Object.entries(v)) {
        const source = isMap(a) && isMap(a.source) && typeof a.source.path === 'string' ? a.source.path : undefined;
        const template = source !== undefined ? s.files.get(`cdk.out/${source}`) : undefined;
        const isTemplate =
          template?.kind === 'cfn-template' &&
          template.sha256 === id &&
          isMap(a) &&
          isMap(a.source) &&
          a.source.packaging === 'file';
        out.push(
          unit(`files.${id}`, 'cdk:file-asset', {
            ...(isMap(a) ? a : {}),
            contentSha256:
              source === undefined || source.includes('..') || source.startsWith('/')
                ? 'outside cdk.out'
                : contentHash(s, source),
            ...(isTemplate ? { isTemplate: true } : {}),
          }),
        );
      }
    } else if (k === 'dockerImages' && isMap(v)) {
      for (const [id, a] of Object.entries(v)) out.push(unit(`dockerImages.${id}`, 'cdk:docker-asset', a));
    } else out.push(unit(k, `cdk-assets:${k}`, v));
  }
  return out;
}

function manifestUnits(f: SynthFile, listKey: string, typeOf: (v: unknown) => string, prefix: string): Unit[] {
  const d = f.doc as Record<string, unknown>;
  const out: Unit[] = [];
  for (const [k, v] of Object.entries(isMap(d) ? d : {})) {
    if (k === listKey && isMap(v))
      for (const [id, a] of Object.entries(v))
        out.push({
          key: `${f.rel}#${k}.${id}`,
          file: f.rel,
          address: `${k}.${id}`,
          type: typeOf(a),
          dialect: 'plain',
          value: a,
          acknowledgements: [],
        });
    else
      out.push({
        key: `${f.rel}#${k}`,
        file: f.rel,
        address: k,
        type: `${prefix}:${k}`,
        dialect: 'plain',
        value: v,
        acknowledgements: [],
      });
  }
  return out;
}

/** Every unit of a synthesis. A file the manifest does not list is also a unit of its own (type `file`). */
export function unitsOf(s: Synthesis): Unit[] {
  const out: Unit[] = [];
  for (const f of s.files.values()) {
    if (f.unlisted)
      out.push({
        key: `${f.rel}#(file)`,
        file: f.rel,
        address: f.rel,
        type: 'file',
        dialect: 'plain',
        value: { sha256: f.sha256, unlisted: true },
        acknowledgements: [],
      });
    switch (f.kind) {
      case 'cfn-template':
        out.push(...cfnUnits(f));
        break;
      case 'tf-document':
        out.push(...tfUnits(f));
        break;
      case 'cdk-assets':
        out.push(...assetUnits(s, f));
        break;
      case 'cdk-manifest':
        out.push(
          ...manifestUnits(f, 'artifacts', (a) => `cdk:artifact:${isMap(a) ? String(a.type) : '?'}`, 'cdk-manifest'),
        );
        break;
      case 'cdktf-manifest':
        out.push(...manifestUnits(f, 'stacks', () => 'cdktf:stack', 'cdktf-manifest'));
        break;
      case 'cdk-asset-content':
        break; // compared through the asset that publishes it
      case 'other':
        if (!f.unlisted)
          out.push({
            key: `${f.rel}#(file)`,
            file: f.rel,
            address: f.rel,
            type: 'file',
            dialect: 'plain',
            value: { sha256: f.sha256 },
            acknowledgements: [],
          });
        break;
      default: {
        const agent =
          f.kind === 'rasa-endpoints' || f.kind === 'meya-sensitive-data' || f.kind === 'scp'
            ? f.rel.split('/')[2]
            : undefined;
        out.push({
          key: `${f.rel}#(file)`,
          file: f.rel,
          address: f.rel,
          type: f.kind,
          dialect: dialectOf(f.kind),
          value: f.doc ?? { sha256: f.sha256 },
          ...(agent ? { agent } : {}),
          acknowledgements: [],
        });
      }
    }
  }
  return out;
}

/** What comparators may ask of one file's units (references resolve within their document). */
export function sideOf(units: readonly Unit[]): Side {
  const byAddress = new Map(units.map((u) => [u.address, u]));
  const byType = new Map<string, Array<{ address: string; value: unknown }>>();
  for (const u of units) {
    const l = byType.get(u.type);
    if (l) l.push({ address: u.address, value: u.value });
    else byType.set(u.type, [{ address: u.address, value: u.value }]);
  }
  return {
    typeOf: (a) => byAddress.get(a)?.type,
    valueOf: (a) => byAddress.get(a)?.value,
    all: (t) => byType.get(t) ?? [],
  };
}
