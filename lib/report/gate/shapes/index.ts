/** The registry: every unit type the gate knows, and `UNKNOWN` for the rest. */
import { Shape, UNKNOWN } from '../shape';
import { AWS_IAM } from './aws-iam';
import { AWS_KMS } from './aws-kms';
import { AWS_LEX } from './aws-lex';
import { AWS_LOGS } from './aws-logs';
import { AWS_S3 } from './aws-s3';
import { AWS_SERVICES } from './aws-services';
import { FILE_SHAPES } from './files';
import { GOOGLE, GOOGLE_DATA } from './google';
import { GOOGLE_CES } from './google-ces';

const SHAPES: ReadonlyMap<string, Shape> = new Map(
  Object.entries({
    ...AWS_KMS,
    ...AWS_S3,
    ...AWS_LOGS,
    ...AWS_IAM,
    ...AWS_LEX,
    ...AWS_SERVICES,
    ...GOOGLE,
    ...GOOGLE_CES,
    ...GOOGLE_DATA,
    ...FILE_SHAPES,
  }),
);

/** The shape of a unit type; a type the gate does not know classifies nothing (every change is unverified). */
export function shapeOf(type: string): Shape {
  return SHAPES.get(type) ?? UNKNOWN;
}

/** Whether the gate knows the type (for the report's coverage line and the tests). */
export function knownType(type: string): boolean {
  return SHAPES.has(type);
}

/** Every unit type the gate has a shape for. */
export function knownTypes(): string[] {
  return [...SHAPES.keys()];
}
