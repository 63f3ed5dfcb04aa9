// The parts of the `webgpu` package (Dawn for Node.js) the benchmark uses. The package is not a dependency: the GPU
// kit (../shared/tools/gpu-kit.sh) brings it to the machine that runs the benchmark.
declare module 'webgpu' {
  export function create(flags: string[]): unknown;
  export const globals: Record<string, unknown>;
}
