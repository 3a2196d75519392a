import { DialogflowCxEntityType } from '@cdktf/provider-google/lib/dialogflow-cx-entity-type';
import { DialogflowCxIntent, DialogflowCxIntentParameters } from '@cdktf/provider-google/lib/dialogflow-cx-intent';
import { DialogflowCxPage, DialogflowCxPageFormParameters } from '@cdktf/provider-google/lib/dialogflow-cx-page';
import { Annotations, DefaultTokenResolver, IAspect, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { Kind, kindOfDialogflowEntity } from '../policy/catalog';

export interface RedactSensitiveParametersProps {
  /** Kinds whose system entities make a parameter sensitive (`@sys.email` for email, …). */
  readonly kinds: Kind[];
  /**
   * Custom entity types whose values are sensitive: marked `redact: true`, which Dialogflow applies to every
   * parameter of that type.
   * @default none
   */
  readonly sensitiveEntityTypes?: DialogflowCxEntityType[];
  /**
   * Only the pages, intents and entity types of this agent (by their `parent`: the agent, or one of its flows).
   * `DialogflowCxAgentProtection` always sets it, so one agent's settings never reach another agent in the stack.
   * @default every agent in the scope the aspect is added to
   */
  readonly agent?: IConstruct;
}

/**
 * Marks every Dialogflow CX form parameter, intent parameter and entity type that holds a sensitive kind as
 * `redact: true` ("Redact in logs"), so the value never reaches logs even before DLP runs. A parameter the user
 * explicitly set to `redact: false` is left as is and reported as a warning at synth time.
 */
export class RedactSensitiveParameters implements IAspect {
  private readonly kinds: ReadonlySet<Kind>;
  private readonly entityTypes: ReadonlySet<DialogflowCxEntityType>;
  private readonly flows = new WeakMap<TerraformStack, string[]>();

  constructor(private readonly props: RedactSensitiveParametersProps) {
    this.kinds = new Set(props.kinds);
    this.entityTypes = new Set(props.sensitiveEntityTypes ?? []);
  }

  public visit(node: IConstruct): void {
    // Recognised by Terraform type, not by class: a page from another copy of the provider is still a page.
    const type = (node as { terraformResourceType?: unknown }).terraformResourceType;
    if (
      type !== 'google_dialogflow_cx_page' &&
      type !== 'google_dialogflow_cx_intent' &&
      type !== 'google_dialogflow_cx_entity_type'
    )
      return;
    if (this.props.agent && !this.belongsToAgent(node, this.props.agent)) return;
    if (type === 'google_dialogflow_cx_page') {
      const page = node as DialogflowCxPage;
      const form = page.formInput;
      if (form?.parameters !== undefined && !Array.isArray(form.parameters)) {
        // A token: the parameters cannot be seen, so none would be redacted. An error, never silence.
        Annotations.of(page).addError(
          `convoguard: the form parameters of page "${page.displayNameInput}" are a token, so convoguard cannot mark the sensitive ones redact: true; give them as an array`,
        );
        return;
      }
      if (!form?.parameters || !Array.isArray(form.parameters)) return;
      const params = form.parameters.map((p) => this.redact(page, p, `form parameter "${p.displayName}"`));
      if (params.some((p, i) => p !== (form.parameters as DialogflowCxPageFormParameters[])[i]))
        page.putForm({ ...form, parameters: params });
    } else if (type === 'google_dialogflow_cx_intent') {
      const intent = node as DialogflowCxIntent;
      const list = intent.parametersInput;
      if (!Array.isArray(list)) return;
      const params = list.map((p) => this.redact(intent, p, `intent parameter "${p.id}"`));
      if (params.some((p, i) => p !== list[i])) intent.putParameters(params);
    } else if (type === 'google_dialogflow_cx_entity_type' && this.entityTypes.has(node as DialogflowCxEntityType)) {
      const entityType = node as DialogflowCxEntityType;
      if (entityType.redactInput === false) {
        Annotations.of(entityType).addWarning(
          `convoguard: entity type "${entityType.displayNameInput}" is sensitive but sets redact: false; its values will appear in logs`,
        );
      } else if (entityType.redactInput === undefined) {
        entityType.redact = true;
      }
    }
  }

  /**
   * Whether `node` (a page, intent or entity type) is the agent's: its `parent` refers to the agent, or to a flow
   * whose parent is the agent. References are compared as Terraform resolves them (`\${google_dialogflow_cx_agent.X.…}`).
   */
  private belongsToAgent(node: IConstruct, agent: IConstruct): boolean {
    const stack = TerraformStack.of(node);
    const agentRef = address(agent);
    const parent = parentOf(node, stack);
    if (parent.includes(agentRef)) return true;
    // The agent's flows, found once per stack: every aspect visit reads them, and the tree is complete by then.
    let flows = this.flows.get(stack);
    if (!flows) {
      flows = stack.node
        .findAll()
        .filter(
          (c) =>
            (c as { terraformResourceType?: unknown }).terraformResourceType === 'google_dialogflow_cx_flow' &&
            parentOf(c, stack).includes(agentRef),
        )
        .map(address);
      this.flows.set(stack, flows);
    }
    return flows.some((f) => parent.includes(f));
  }

  /** Returns the parameter with `redact: true` when it is sensitive and unset; the same object otherwise. */
  private redact<P extends DialogflowCxPageFormParameters | DialogflowCxIntentParameters>(
    owner: IConstruct,
    param: P,
    what: string,
  ): P {
    const sensitive = this.sensitiveEntity(param.entityType);
    if (!sensitive) return param;
    if (param.redact === false) {
      Annotations.of(owner).addWarning(
        `convoguard: ${what} holds ${sensitive} but sets redact: false; its value will appear in logs`,
      );
      return param;
    }
    return param.redact === true ? param : { ...param, redact: true };
  }

  private sensitiveEntity(entityType: string | undefined): string | undefined {
    if (!entityType) return undefined;
    const sys = /entityTypes\/(sys\.[a-z0-9-]+)$/.exec(entityType)?.[1];
    if (sys) {
      const kind = kindOfDialogflowEntity(`@${sys}`);
      return kind && this.kinds.has(kind) ? `@${sys} (${kind})` : undefined;
    }
    // Parameters of a custom sensitive entity type are covered by the entity type's own `redact`.
    return undefined;
  }
}

/** A resource's `parent` as Terraform will read it (references resolved to `\${type.name.attr}`). */
function parentOf(c: IConstruct, stack: TerraformStack): string {
  return String(
    Tokenization.resolve((c as { parentInput?: unknown }).parentInput, {
      scope: stack,
      resolver: new DefaultTokenResolver(new StringConcat()),
    }) ?? '',
  );
}

/** `type.name.`: the prefix of every reference to a resource. */
function address(c: IConstruct): string {
  return `${(c as unknown as { terraformResourceType: string }).terraformResourceType}.${(c as unknown as { friendlyUniqueId: string }).friendlyUniqueId}.`;
}
