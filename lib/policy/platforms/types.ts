/**
 * What a platform module owns: its names and their limits, its validation rules, how each kind is covered, the
 * method it really applies, the plan variant it produces and its expected posture. Adding a platform means adding a
 * module here and an adapter, not editing switches across the tree.
 */
import type { Kind } from '../catalog';
import type { PathSegment } from '../errors';
import type { NameKind, NameRule } from '../names';
import type { AgentPlan, AgentPlanBase, KindCoverage } from '../plan-types';
import type { ExpectedPosture, ExpectedStore, ScanPosture, StoreKind } from '../posture';
import type { NotifyTopic } from '../plan-base';
import type { AgentSpec, DeidentifyMethod, Policy } from '../schema';

/** How each platform runs pattern detectors: CloudWatch's restricted dialect, RE2, or not at all. */
export type PatternDialect = 'cloudwatch' | 're2' | 'none';

export interface CanaryUtterance {
  /** A kind, a custom pattern, or the SSML markers. */
  readonly source: 'kind' | 'pattern' | 'markers';
  readonly name: string;
  /** What to type (or say) to the agent. */
  readonly text: string;
  /** The personal data in it, which no store that should be redacted may show. */
  readonly value: string;
}

export interface CanaryCheck {
  readonly store: string;
  /** When to run it, when that is not "after the conversation". */
  readonly when?: string;
  /** A shell command (aws, gcloud, curl, SQL, Kafka tools) with the names of this agent's resources filled in. */
  readonly command: string;
  readonly expect: string;
}

/** What verifies a planned agent's stores (policy verify), as its platform provisions it. */
export interface PlannedVerification {
  /** Where the checks' notices go: nobody hears a topic nobody subscribes to (CG-NOTIFY). */
  readonly notify: { readonly topic: NotifyTopic; readonly emails: readonly string[] };
  /** Checks that see a raw value reaching the store (a log-match alert). */
  checksOf(s: ExpectedStore): readonly string[];
  /** Checks that watch a trend on the store and cannot see a miss (the Lex findings alarm). */
  trendsOf(s: ExpectedStore): readonly string[];
  /** Scheduled scans of the agent's exports. */
  readonly scans: readonly ScanPosture[];
}

/** A validation problem at a path of the policy. */
export interface Finding {
  readonly path: PathSegment[];
  readonly message: string;
  /** Point at the key rather than its value. */
  readonly onKey?: boolean;
}

/** What a platform really does with a requested de-identification method. */
export interface EffectiveMethod {
  readonly method: DeidentifyMethod;
  readonly char: string;
  /** Set when the platform does something else than asked, in plain words. */
  readonly lost?: string;
}

/** A resource name an agent's resources get, with the provider rule it must satisfy. */
export interface DerivedName {
  /** A shared rule by name, or the platform's own. */
  readonly rule: NameKind | NameRule;
  readonly value: string;
}

export interface PlatformModule<S extends AgentSpec = AgentSpec, P extends AgentPlan = AgentPlan> {
  readonly platform: S['platform'];
  /** What deploys the agent's protection: Terraform (cdktf.out), CloudFormation (cdk.out) or agent files (out/). */
  readonly target: 'terraform' | 'cloudformation' | 'files';
  /** Whether the platform inspects conversation text for the policy's kinds (Meya encrypts whole fields instead). */
  readonly inspectsText: boolean;
  /** What the report says when the output attaches no protection to the agent (CG-ATTACHED). */
  readonly notAttached: string;
  /** How the platform runs pattern detectors: CloudWatch's dialect, RE2, or not at all. */
  readonly dialect: PatternDialect;
  /** The names the agent's resources will really get (only those it uses), for validation. */
  derivedNames(policyName: string, agent: S): Readonly<Record<string, DerivedName>>;
  /** How `kind` is covered on this agent (a platform release or the agent's own settings may decide). */
  cover(kind: Kind, agent: S): KindCoverage;
  /** What the platform applies when the policy asks for `method` (with `char` for mask). */
  effectiveMethod(method: DeidentifyMethod, char: string, agent: S): EffectiveMethod;
  /** Rules that hold once for a policy with at least one agent of this platform. */
  checkPolicy?(policy: Policy): Finding[];
  /** Rules for one agent, at `path` (`['agents', i]`). */
  checkAgent(policy: Policy, agent: S, path: PathSegment[]): Finding[];
  /** The agent's plan variant, from the parts every platform shares. */
  plan(base: AgentPlanBase, agent: S, policy: Policy): P;
  /** The stores, real retention bounds, readers and caveats of a planned agent. */
  expectedPosture(plan: P): ExpectedPosture;
  /** What verifies the agent's stores, with verify on. @default nothing */
  verification?(plan: P): PlannedVerification | undefined;
  /** Why no scan convoguard can provision reads a store of this kind on this platform. @default the generic reason */
  unverifiableReason?(kind: StoreKind): string | undefined;
  /** Where `convoguard canary` looks after the canary conversation, and what it cannot prove. @default none */
  canary?(
    plan: P,
    utterances: readonly CanaryUtterance[],
    id: string,
  ): { readonly checks: readonly CanaryCheck[]; readonly notes: readonly string[] };
}
