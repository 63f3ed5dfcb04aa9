/** The engine's one public entry: widgets import from here, never from files inside engine/. */
export * as analytic from './analytic/index';
