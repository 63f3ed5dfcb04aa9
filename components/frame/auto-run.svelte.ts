/**
 * The reader's choice, for every widget on every page, of whether moving a control re-runs a measurement that has
 * already run. On by default; kept in localStorage where the page may use it.
 */
import { browserStorage } from '../state/browser-storage';

const KEY = 'memory-bound: re-run when a control moves';

class AutoRun {
  on = $state(true);

  constructor() {
    this.on = browserStorage('localStorage')?.getItem(KEY) !== 'off';
  }

  set(on: boolean): void {
    this.on = on;
    browserStorage('localStorage')?.setItem(KEY, on ? 'on' : 'off');
  }
}

export const autoRun = new AutoRun();

/** How long controls must rest before a re-run starts, in milliseconds. */
export const RERUN_DELAY_MS = 400;
