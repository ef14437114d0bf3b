/**
 * Public surface of the model registry: registered models and their numbered versions (from runs
 * or bundles), aliases and stages with the promotion gate, the history of every transition, the
 * model card, the signature and input example, and lineage both ways.
 */
export * from './types';
export { CHAMPION, PRODUCTION, GATE_MAX_AGE_MS, MIN_OVERRIDE_REASON, checkAlias, checkModelName, checkStage, isOverrideReason } from './rules';
export { REGISTRY_CHANNEL, notifyRegistry } from './tx';
export { createModel, getModel, listModels, setModelDescription, setModelTag, deleteModelTag, type ModelSummary } from './models';
export {
  addVersion, getVersion, listVersions, versionsOfRun, setVersionDescription, setVersionTag, deleteVersionTag, editCard,
  summarizeVersion, CARD_FIELDS, type CardText, type VersionDraft, type VersionSummary,
} from './versions';
export { deleteModel, deleteVersion } from './remove';
export { registerRun, draftFromRun, recipeChain, MODEL_ARTIFACT, EVALUATION_ARTIFACT, type RegisterRequest } from './register';
export { buildSignature, inputColumns, inputExample, MAX_CATEGORIES, type ExampleValue } from './signature';
export { pruneUnusedInputs } from './signature-prune';
export { cardMarkdown, computedCard, newCard, type CardSource } from './card';
export { setAlias, removeAlias, resolveAlias, type AliasOptions } from './aliases';
export { setStage, type StageChange, type StageOptions } from './stages';
export { gateProblems, type PromotionOptions } from './promotion';
export { defaultChecks, describeCheck, describeFailure, evaluateChecks, improvement, CHECK_KINDS, type CheckSpec } from './gate-checks';
export { runGate, holdoutRows, type GateRequest } from './gate';
export { listTransitions, describeTransition } from './history';
export { registryLineage, versionLineage, runNodeId, modelNodeId, type LineageLink } from './lineage';
