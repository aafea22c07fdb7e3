// The model's shape is checked at load time by loadModel's zod schema; the type checker need not
// read three megabytes of weights.
declare const model: unknown;
export default model;
