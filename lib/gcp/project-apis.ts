import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { dependable, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

export interface ProjectApisProps {
  readonly project: string;
  /** Service names, such as `dlp.googleapis.com`. */
  readonly services: string[];
}

/**
 * Enables the APIs a protection uses on a fresh project (`google_project_service` per API), never disabling them on
 * destroy: other workloads of the project may use them. `before(scope)` makes every resource under `scope` wait
 * for them, so a first `cdktf deploy` does not race the enablement.
 *
 * Terraform: `google_project_service` × n.
 */
export class ProjectApis extends Construct {
  public readonly services: ProjectService[];

  constructor(scope: Construct, id: string, props: ProjectApisProps) {
    super(scope, id);
    this.services = [...new Set(props.services)].sort().map(
      (service) =>
        new ProjectService(this, service.replace(/\.googleapis\.com$/, ''), {
          project: props.project,
          service,
          disableOnDestroy: false,
          disableDependentServices: false,
        }),
    );
  }

  /** Makes every Terraform resource under `scope` (outside this construct) depend on the enabled APIs. */
  public before(scope: Construct): void {
    const mine = new Set<Construct>(this.node.findAll());
    for (const c of scope.node.findAll()) {
      const r = c as Partial<{ terraformResourceType: string; dependsOn: string[] }>;
      if (mine.has(c) || typeof r.terraformResourceType !== 'string') continue;
      const deps: readonly ITerraformDependable[] = this.services;
      r.dependsOn = [...(r.dependsOn ?? []), ...deps.map((d) => dependable(d))];
    }
  }
}
