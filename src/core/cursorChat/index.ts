export * from './flow';
export * from './unitFile';
