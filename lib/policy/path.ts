/** One step of a path into the policy document: a mapping key or a list index. A leaf module. */
export type PathSegment = string | number;
