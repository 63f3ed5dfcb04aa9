/**
 * Which sum over a workgroup the f32 matrix–vector kernels (matvec, the fused q/k/v and gate/up ones) use on a
 * device: within each subgroup first where the device was given the 'subgroups' feature (acquireGpu asks for it
 * only where WGSL offers subgroup_id too), else in workgroup memory alone. The source each kernel starts with
 * declares the invocation (and the subgroup directives); reducePairs comes after the code it reads. The packed
 * kernels keep their sums in workgroup memory: summing within subgroups made them slower on an H200
 * (docs/performance.md, "Sums within subgroups").
 */
import invocationCode from './invocation.wgsl?raw';
import invocationSubgroupsCode from './invocation-subgroups.wgsl?raw';
import reducePairsCode from './reduce-pairs.wgsl?raw';
import reducePairsSubgroupsCode from './reduce-pairs-subgroups.wgsl?raw';

export interface Reductions {
  /** The Invocation struct the kernels' entries take (with the subgroup directives where they are used). */
  invocation: string;
  /** reducePairs (after matvec-reduce.wgsl). */
  pairs: string;
}

export function reductionsFor(device: GPUDevice): Reductions {
  const subgroups = device.features.has('subgroups');
  return {
    invocation: subgroups ? invocationSubgroupsCode : invocationCode,
    pairs: subgroups ? reducePairsSubgroupsCode : reducePairsCode,
  };
}
