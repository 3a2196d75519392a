/**
 * The bench's floor: a target's own synthesized output replayed through the framework's generic resource, in a
 * process of its own. Every CloudFormation resource becomes a `CfnResource` and every Terraform resource, data source
 * and provider a `TerraformResource` / `TerraformDataSource` / `TerraformProvider`, with the same logical ids and the
 * properties already resolved (plain JSON, no tokens), so what remains is the framework's cost of emitting the same
 * document: construct tree, synthesis, writing. Run: `BENCH_TARGET=aws BENCH_REPLAY_FROM=<cdk.out> CDK_OUTDIR=out node
 * bench/baseline/replay.js` (gcp: `BENCH_REPLAY_FROM=<cdktf.out>`, written to ./cdktf.out).
 */
import * as fs from 'fs';
import * as path from 'path';

type Json = Record<string, unknown>;
const FROM = process.env.BENCH_REPLAY_FROM ?? '';
const read = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as Json;

function replayAws(): void {
  // Loaded here, so the Google replay does not pay for aws-cdk-lib and the other way round.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { App, CfnElement, CfnResource, Stack } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  /** A template section other than Resources (Conditions, Mappings, Outputs) written as it was. */
  class Section extends CfnElement {
    constructor(
      scope: import('constructs').Construct,
      id: string,
      private readonly section: Json,
    ) {
      super(scope, id);
    }
    /** @internal */
    public _toCloudFormation(): object {
      return this.section;
    }
  }
  const app = new App();
  for (const file of fs.readdirSync(FROM).filter((f) => f.endsWith('.template.json'))) {
    const template = read(path.join(FROM, file));
    const stack = new Stack(app, file.replace(/\.template\.json$/, ''));
    if (typeof template.Description === 'string') stack.templateOptions.description = template.Description;
    for (const [id, r] of Object.entries((template.Resources ?? {}) as Record<string, Json>)) {
      const res = new CfnResource(stack, id, { type: r.Type as string, properties: r.Properties as Json });
      res.overrideLogicalId(id);
      for (const key of ['DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy'])
        if (r[key] !== undefined) res.addOverride(key, r[key]);
    }
    for (const key of ['Conditions', 'Mappings', 'Outputs'])
      if (template[key] !== undefined) new Section(stack, key, { [key]: template[key] });
  }
  app.synth();
}

function replayGcp(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App, TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } =
    require('cdktf') as typeof import('cdktf');
  /* eslint-enable @typescript-eslint/no-require-imports */
  type Scope = import('constructs').Construct;
  const meta = { providerName: 'google' };
  // Meta-arguments cdktf writes from its own fields (and would drop from the attributes) go in as overrides.
  const META = ['depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'provisioner', 'connection'];
  const split = (el: import('cdktf').TerraformElement, config: Json): Json => {
    const rest: Json = {};
    for (const [k, v] of Object.entries(config))
      if (META.includes(k)) el.addOverride(k, v);
      else rest[k] = v;
    return rest;
  };
  class Resource extends TerraformResource {
    private readonly config: Json;
    constructor(scope: Scope, type: string, name: string, config: Json) {
      super(scope, `${type}.${name}`, { terraformResourceType: type, terraformGeneratorMetadata: meta });
      this.overrideLogicalId(name);
      this.config = split(this, config);
    }
    protected synthesizeAttributes(): Json {
      return this.config;
    }
  }
  class Data extends TerraformDataSource {
    private readonly config: Json;
    constructor(scope: Scope, type: string, name: string, config: Json) {
      super(scope, `data.${type}.${name}`, { terraformResourceType: type, terraformGeneratorMetadata: meta });
      this.overrideLogicalId(name);
      this.config = split(this, config);
    }
    protected synthesizeAttributes(): Json {
      return this.config;
    }
  }
  class Provider extends TerraformProvider {
    constructor(
      scope: Scope,
      id: string,
      source: string,
      private readonly config: Json,
    ) {
      super(scope, id, {
        terraformResourceType: 'google',
        terraformGeneratorMetadata: meta,
        terraformProviderSource: source,
      });
    }
    protected synthesizeAttributes(): Json {
      return this.config;
    }
  }
  const app = new App();
  const stacks = path.join(FROM, 'stacks');
  for (const name of fs.readdirSync(stacks)) {
    const doc = read(path.join(stacks, name, 'cdk.tf.json'));
    const stack = new TerraformStack(app, name);
    const terraform = (doc.terraform ?? {}) as Json;
    const source = ((terraform.required_providers as Json | undefined)?.google as Json | undefined)?.source as string;
    for (const [type, configs] of Object.entries((doc.provider ?? {}) as Record<string, Json[]>))
      configs.forEach((c, i) => new Provider(stack, `${type}${i}`, source ?? `hashicorp/${type}`, c));
    for (const [type, byName] of Object.entries((doc.resource ?? {}) as Record<string, Record<string, Json>>))
      for (const [n, c] of Object.entries(byName)) new Resource(stack, type, n, c);
    for (const [type, byName] of Object.entries((doc.data ?? {}) as Record<string, Record<string, Json>>))
      for (const [n, c] of Object.entries(byName)) new Data(stack, type, n, c);
    // The terraform block (required providers, backend) and any other top-level block, as they were.
    stack.addOverride('terraform', terraform);
    for (const [key, v] of Object.entries(doc))
      if (!['//', 'terraform', 'provider', 'resource', 'data'].includes(key)) stack.addOverride(key, v);
  }
  app.synth();
}

if (process.env.BENCH_TARGET === 'aws') replayAws();
else if (process.env.BENCH_TARGET === 'gcp') replayGcp();
else throw new Error('BENCH_TARGET must be aws or gcp');
