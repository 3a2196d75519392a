import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Acknowledges the one cdk-nag finding `rule[detail]` on `scope` (one of convoguard's own constructs) with a reason. */
export function acknowledgeFinding(scope: IConstruct, rule: string, detail: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${rule}[${detail}]`, reason });
}
