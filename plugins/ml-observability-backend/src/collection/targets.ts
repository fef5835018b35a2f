// How an entity reads as a model is domain knowledge shared with the service; collection uses it from there.
export { ownerOf, resolveModel } from '../domain/model';
export type { ResolvedModel } from '../domain/model';
