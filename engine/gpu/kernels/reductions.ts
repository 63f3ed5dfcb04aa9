/**
 * Which sums over a workgroup the matrix–vector kernels use on a device: within each subgroup first where the
 * device was given the 'subgroups' feature (acquireGpu asks for it only where WGSL offers subgroup_id too), else in
 * workgroup memory alone. The source each kernel starts with declares the invocation (and the subgroup directives);
 * the reduction functions come after the code they read.
 */
import invocationCode from './invocation.wgsl?raw';
import invocationSubgroupsCode from './invocation-subgroups.wgsl?raw';
import reducePairsCode from './reduce-pairs.wgsl?raw';
import reducePairsSubgroupsCode from './reduce-pairs-subgroups.wgsl?raw';
import columnSumsCode from './column-sums.wgsl?raw';
import columnSumsSubgroupsCode from './column-sums-subgroups.wgsl?raw';

export interface Reductions {
  /** Whether these sum within subgroups first. */
  subgroups: boolean;
  /** The Invocation struct the kernels' entries take (with the subgroup directives where they are used). */
  invocation: string;
  /** reducePairs, for the f32 matrix–vector kernels (after matvec-reduce.wgsl). */
  pairs: string;
  /** store and columnSums, for the packed ones (after matvec-packed-core.wgsl's `partial`). */
  columns: string;
}

export function reductionsFor(device: GPUDevice): Reductions {
  const subgroups = device.features.has('subgroups');
  return {
    subgroups,
    invocation: subgroups ? invocationSubgroupsCode : invocationCode,
    pairs: subgroups ? reducePairsSubgroupsCode : reducePairsCode,
    columns: subgroups ? columnSumsSubgroupsCode : columnSumsCode,
  };
}
