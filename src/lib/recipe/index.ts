/** Public surface of the recipe engine: tables, the step contract and registry, fitting, hashing, YAML. */
export * from './table';
export { normalizeParams, mustBe, RecipeError, type AnyStep, type ParamKind, type ParamProblem, type ParamSpec, type ParamValue, type Params, type StepDef } from './step';
export { STEPS, STEP_TYPES, stepDef } from './registry';
export {
  applyRecipe, canonicalJson, fitRecipe, fitTransform, previewRecipe, recipeHash, recipeProblems, resolveStep,
  type ApplyOptions, type FittedRecipe, type Recipe, type RecipePreviewResult, type RecipeStep, type StepPreview,
} from './recipe';
export { recipeFromYaml, recipeToYaml } from './yaml';
