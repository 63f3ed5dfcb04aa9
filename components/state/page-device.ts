/**
 * The device the page's engine found, named for whatever records where a number came from (a pinned table): kept
 * here, apart from the engine, so that a table's tools can read it without loading the engine.
 */
import type { ProbeResult } from '@engine/index';

let found: ProbeResult | undefined;

/** The engine calls this once it knows the device. */
export function recordPageDevice(probe: ProbeResult): void {
  found = probe;
}

/** The adapter as the browser names it, or the CPU. */
export function adapterName(probe: ProbeResult): string {
  if (probe.backend === 'cpu') return 'CPU (JavaScript), no WebGPU';
  const a = probe.adapter;
  const name = [a?.vendor, a?.architecture, a?.description].filter(Boolean).join(' · ');
  return `WebGPU${name ? `: ${name}` : ''}`;
}

/** The page's device in words, or that no engine ran here (a page of analytic figures only). */
export function pageDeviceName(): string {
  return found ? adapterName(found) : 'no engine on the page (analytic figures)';
}
