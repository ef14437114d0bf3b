/**
 * The transaction every deployment change runs in: deployments plus the registry stores it checks
 * (models, versions) and the validation suites. Built on the registry's `inTx`: anything thrown
 * aborts it, and after the commit `{model}` is posted on the 'benchtop-registry' channel.
 */
import type { DB } from '../store/db';
import { inTx, type Tx } from '../registry/tx';

export const DEPLOYMENT_STORES: ['deployments', 'registeredModels', 'modelVersions', 'suites'] = ['deployments', 'registeredModels', 'modelVersions', 'suites'];
export type DeploymentTx = Tx<typeof DEPLOYMENT_STORES>;

export function inDeploymentTx<T>(db: DB, model: string, fn: (tx: DeploymentTx) => Promise<T>): Promise<T> {
  return inTx(db, DEPLOYMENT_STORES, async (tx, touched) => {
    touched.add(model);
    return fn(tx);
  });
}
