/**
 * Every learning algorithm, one line each: adding one is a file under models/ plus a line here.
 * The order is the order the training form lists them.
 */
import type { ModelDef } from '../model';
import { decisionTree } from './decision-tree';
import { linearRegression, ridge } from './linear-regression';
import { linearSvc } from './linear-svc';
import { logisticRegression } from './logistic-regression';
import { mlp } from './mlp';
import { randomForest } from './random-forest';

export const MODELS: readonly ModelDef[] = [
  linearRegression,    // linear-regression    regression               fit_intercept
  ridge,               // ridge                regression               alpha 1.0, fit_intercept
  logisticRegression,  // logistic-regression  binary, multiclass       C 1.0, class_weight, max_iter 100, tol 1e-4
  linearSvc,           // linear-svc           binary, multiclass       C 1.0, loss squared_hinge|hinge, class_weight
  decisionTree,        // decision-tree        all tasks                criterion, max_depth, min_samples_split/leaf, max_features, max_bins
  randomForest,        // random-forest        all tasks                n_estimators 100, bootstrap, max_features, max_depth, min_samples_leaf
  mlp,                 // mlp                  all tasks                hidden_layer_sizes "100", activation relu, alpha, optimizer adam, batch_size 200, max_iter 200, early_stopping
] as readonly ModelDef[];

const BY_ID = new Map(MODELS.map((m) => [m.id, m]));

export function modelDef(id: string): ModelDef | undefined {
  return BY_ID.get(id);
}
