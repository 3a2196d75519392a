/**
 * A shape says what every change of one kind of unit means: how its value compares (a comparator built from the
 * pieces in compare.ts), and what it means for one to appear in the head or leave it. Shapes are the gate's whole
 * knowledge: a resource type without one is compared by `UNKNOWN`, which classifies nothing.
 */
import type { Verdict } from './change';
import { ATTRIBUTION } from '../../attribution';
import { bool, Cmp, compare, Cx, fields, neutral, ordered, unverified, verdict, weakening } from './compare';

/** What an added or removed unit may know about the agent it belongs to. */
export interface UnitCx extends Cx {
  /** The agent the unit is attributed to. */
  readonly agent?: string;
  /** Whether that agent is new in the head (the base had none of that name and platform). */
  readonly newAgent: boolean;
  /** The head's findings on that agent that its plan does not name (empty: the agent is as planned). */
  readonly agentDeviations: readonly string[];
}

export type UnitRule = (value: unknown, cx: UnitCx) => Verdict[];

export interface Shape {
  readonly compare: Cmp;
  readonly added: UnitRule;
  readonly removed: UnitRule;
}

/** A unit nothing classifies: every change, addition and removal is unverified. */
export const UNKNOWN: Shape = {
  compare: unverified('a resource type the gate does not know'),
  added: (h) => [verdict([], 'unverified', 'a resource type the gate does not know, added', undefined, h)],
  removed: (b) => [verdict([], 'unverified', 'a resource type the gate does not know, removed', b, undefined)],
};

/** Added or removed: always this class, with this reason. */
export function always(cls: Verdict['class'], why: string): UnitRule {
  return (v, cx) => [verdict([], cls, why, cx.newAgent ? undefined : v, v)];
}

/** Added: as if each property appeared; removed: as if each disappeared (the comparator decides). */
export function asPropertyChanges(cmp: Cmp, side: 'added' | 'removed'): UnitRule {
  return (v, cx) =>
    side === 'added'
      ? compare(cmp, undefined, v, [], { ...cx, unit: 'added' })
      : compare(cmp, v, undefined, [], { ...cx, unit: 'removed' });
}

/** A property that matters only when it changes on a unit both sides have (an attribution, an id). */
export function whenKept(cmp: Cmp): Cmp {
  return (b, h, at, cx) => (cx.unit !== undefined ? [] : cmp(b, h, at, cx));
}

/**
 * Part of a new agent's protection: neutral when the head's report finds the new agent as its plan says (its
 * findings are all gaps the plan names), otherwise a weakening that lists what differs. For a unit of an agent the
 * base already had, `otherwise` decides.
 */
export function newAgentOr(otherwise: UnitRule): UnitRule {
  return (v, cx) => {
    if (!cx.newAgent || cx.agent === undefined) return otherwise(v, cx);
    if (cx.agentDeviations.length === 0)
      return [
        verdict(
          [],
          'neutral',
          `part of new agent "${cx.agent}", which the head's report finds as its plan says`,
          undefined,
          v,
        ),
      ];
    return [
      verdict(
        [],
        'weakening',
        `part of new agent "${cx.agent}", which differs from its plan: ${cx.agentDeviations.slice(0, 3).join('; ')}${cx.agentDeviations.length > 3 ? ` (and ${cx.agentDeviations.length - 3} more)` : ''}`,
        undefined,
        v,
      ),
    ];
  };
}

/** A resource that holds or does nothing until another resource refers to it (each reference is reviewed there). */
export const INERT_ADDED: UnitRule = always(
  'neutral',
  'a new resource that nothing uses until another resource refers to it (each such reference is reviewed where it is made)',
);

export interface CfnShapeOptions {
  /** DeletionPolicy / UpdateReplacePolicy. @default neutral */
  readonly deletion?: Cmp;
  /** @default compared property by property against nothing */
  readonly added?: UnitRule;
  /** @default compared property by property against nothing */
  readonly removed?: UnitRule;
  /** Properties the spec does not name. @default unverified */
  readonly rest?: Cmp;
}

const cfnMetadata = fields(
  {
    [ATTRIBUTION.cfnAgent]: whenKept(
      unverified('the agent this resource is attributed to: the report reads it under another agent'),
    ),
    [ATTRIBUTION.cfnAcknowledge]: neutral('acknowledgements in code (each is listed with the changes it covers)'),
    'aws:cdk:path': neutral('construct path, for people'),
    'aws:cdk:is-custom-resource-handler-customResourceProvider': neutral('CDK bookkeeping'),
    'aws:cdk:is-custom-resource-handler-singleton': neutral('CDK bookkeeping'),
    'aws:cdk:is-custom-resource-handler-runtime-family': neutral('CDK bookkeeping'),
    'aws:asset:path': neutral('asset bookkeeping (the asset manifest says what is published)'),
    'aws:asset:is-bundled': neutral('asset bookkeeping'),
    'aws:asset:property': neutral('asset bookkeeping'),
    cdk_nag: neutral('cdk-nag suppressions (reviewed by cdk-nag, not deployed)'),
    cfn_nag: neutral('cfn-nag suppressions'),
    guard: neutral('cfn-guard suppressions'),
    checkov: neutral('checkov suppressions'),
  },
  neutral('resource metadata: CloudFormation does not act on it'),
);

/** A CloudFormation resource: its properties by `props`, the resource attributes CloudFormation acts on, metadata. */
export function cfnResource(props: Readonly<Record<string, Cmp>> | Cmp, opts: CfnShapeOptions = {}): Shape {
  const deletion = opts.deletion ?? neutral('what CloudFormation does with the resource when it leaves the stack');
  const cmp = fields(
    {
      // A unit that appears or leaves has a type on one side only: that is the addition or removal, not a change.
      Type: whenKept(unverified('the resource type changed')),
      Properties: typeof props === 'function' ? props : fields(props, opts.rest),
      Metadata: cfnMetadata,
      DependsOn: neutral('deployment order only'),
      DeletionPolicy: deletion,
      UpdateReplacePolicy: deletion,
      Condition: unverified('a condition decides whether the resource exists at all'),
      UpdatePolicy: unverified('an update policy the gate does not evaluate'),
      CreationPolicy: unverified('a creation policy the gate does not evaluate'),
    },
    unverified('a resource attribute the gate does not know'),
  );
  return {
    compare: cmp,
    added: opts.added ?? asPropertyChanges(cmp, 'added'),
    removed: opts.removed ?? asPropertyChanges(cmp, 'removed'),
  };
}

/** Keys, buckets: the stronger of CloudFormation's deletion policies keeps what the resource protects or holds. */
export const CFN_RETAIN = ordered(['Delete', 'Snapshot', 'RetainExceptOnCreate', 'Retain'], {
  absent: 'Delete',
  why: 'deletion policy',
});

const tfMeta = fields(
  {
    [ATTRIBUTION.tfAgent]: whenKept(
      unverified('the agent this resource is attributed to: the report reads it under another agent'),
    ),
    [ATTRIBUTION.tfShared]: whenKept(unverified('the project this shared resource serves')),
    [ATTRIBUTION.tfAcknowledge]: neutral('acknowledgements in code (each is listed with the changes it covers)'),
    metadata: neutral('construct path and id, for people: Terraform ignores "//"'),
  },
  neutral('a "//" comment: Terraform ignores it'),
);

export interface TfShapeOptions {
  readonly added?: UnitRule;
  readonly removed?: UnitRule;
  /** Arguments the spec does not name. @default unverified */
  readonly rest?: Cmp;
}

/** Common Terraform arguments every Google resource may have. */
export const TF_PROJECT = unverified('another project: the resource moves where other people administer it');
export const TF_LOCATION = unverified('another location: data residency changes, and Terraform replaces the resource');
export const TF_LABELS = neutral('labels');

/** A Terraform resource: its arguments by `args`, the meta-arguments Terraform acts on, the `//` comment. */
/** Terraform's meta-arguments and cdktf's `//`: what every resource may carry besides its own arguments. */
export const TF_META_ARGUMENTS: readonly string[] = [
  '//',
  'depends_on',
  'lifecycle',
  'count',
  'for_each',
  'provider',
  'provisioner',
  'connection',
  'timeouts',
];

export function tfResource(args: Readonly<Record<string, Cmp>>, opts: TfShapeOptions = {}): Shape {
  const cmp = fields(
    {
      ...args,
      '//': tfMeta,
      depends_on: neutral('deployment order only'),
      lifecycle: fields({
        prevent_destroy: bool({ strong: true, absent: false, why: 'prevent_destroy' }),
        create_before_destroy: neutral('replacement order only'),
        ignore_changes: unverified(
          'Terraform stops applying the policy to these arguments: a later change never reaches the cloud',
        ),
        replace_triggered_by: neutral('replacement triggers'),
        precondition: neutral('a check Terraform runs'),
        postcondition: neutral('a check Terraform runs'),
      }),
      count: unverified('count decides whether (and how often) the resource exists'),
      for_each: unverified('for_each decides whether (and how often) the resource exists'),
      provider: unverified('another provider configuration: another project, region or credentials'),
      provisioner: weakening('a provisioner runs a command when the resource is created or destroyed'),
      connection: unverified('a connection for provisioners'),
      timeouts: neutral('how long Terraform waits'),
    },
    opts.rest,
  );
  return {
    compare: cmp,
    added: opts.added ?? asPropertyChanges(cmp, 'added'),
    removed: opts.removed ?? asPropertyChanges(cmp, 'removed'),
  };
}

/** A unit compared by `cmp` whose appearance or removal is always of one class each. */
export function simple(cmp: Cmp, added: UnitRule, removed: UnitRule): Shape {
  return { compare: cmp, added, removed };
}
