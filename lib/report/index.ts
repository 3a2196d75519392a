export * from './diff';
export * from './markdown';
export * from './model';
export * from './posture';
