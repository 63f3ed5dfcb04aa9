// The part of jStat (https://github.com/jstat/jstat, which ships no types) the engine uses. The package is CommonJS:
// its one export is the jStat object, which ES modules import as the default.
declare module 'jstat' {
  const jStat: {
    chisquare: {
      /** P(X ≤ x) for X χ²-distributed with `dof` degrees of freedom. */
      cdf(x: number, dof: number): number;
    };
  };
  export default jStat;
}
