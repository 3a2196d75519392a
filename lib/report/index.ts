export * from './diff';
export * from './markdown';
export * from './model';
export * from './posture';
export * from './rules';
export * from './expected-markdown';
