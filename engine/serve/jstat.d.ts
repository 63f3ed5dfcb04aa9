// The part of jStat (https://github.com/jstat/jstat, which ships no types) the engine uses.
declare module 'jstat' {
  export const jStat: {
    chisquare: {
      /** P(X ≤ x) for X χ²-distributed with `dof` degrees of freedom. */
      cdf(x: number, dof: number): number;
    };
  };
}
