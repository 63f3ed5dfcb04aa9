/**
 * The reader's choice, for every widget on every page, of whether moving a control re-runs a measurement that has
 * already run. On by default; kept in localStorage.
 */
const KEY = 'memory-bound: re-run when a control moves';

class AutoRun {
  on = $state(true);

  constructor() {
    if (typeof localStorage !== 'undefined') this.on = localStorage.getItem(KEY) !== 'off';
  }

  set(on: boolean): void {
    this.on = on;
    localStorage.setItem(KEY, on ? 'on' : 'off');
  }
}

export const autoRun = new AutoRun();

/** How long controls must rest before a re-run starts, in milliseconds. */
export const RERUN_DELAY_MS = 400;
