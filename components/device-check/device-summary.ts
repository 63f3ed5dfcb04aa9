/**
 * What the device check says about the reader's device: its measured rates, the ridge point they imply, and how
 * that compares with a datacentre GPU's published figures.
 */
import { analytic, type DeviceRates } from '@engine/index';
import { formatNumber, formatSeconds, formatSi } from '../charts/format';
import type { Provenance } from '../facts/fact';

export interface SummaryItem {
  label: string;
  value: string;
  provenance: Provenance;
}

export function summaryItems(rates: DeviceRates): SummaryItem[] {
  const ridge = rates.peakFlops / rates.copyBandwidth;
  const arithmetic = rates.backend === 'cpu' ? 'Arithmetic (JS, f64 scalar)' : 'Peak arithmetic (f32)';
  const items: SummaryItem[] = [
    { label: 'Copy bandwidth', value: formatSi(rates.copyBandwidth, 'B/s'), provenance: 'measured' },
    { label: arithmetic, value: formatSi(rates.peakFlops, 'FLOP/s'), provenance: 'measured' },
    { label: 'Ridge point', value: `${formatNumber(ridge)} FLOP/byte`, provenance: 'measured' },
  ];
  if (rates.dispatchSeconds !== undefined) {
    items.push({
      label: 'One dependent dispatch',
      value: formatSeconds(rates.dispatchSeconds),
      provenance: 'measured',
    });
  }
  if (rates.submitSeconds !== undefined) {
    items.push({
      label: 'Submit round trip',
      value: formatSeconds(rates.submitSeconds),
      provenance: 'measured',
    });
  }
  return items;
}

/** Two sentences on what the measurements mean for the lessons. */
export function meaning(rates: DeviceRates): string {
  const h100 = analytic.hardwareById('h100-sxm');
  const ridge = rates.peakFlops / rates.copyBandwidth;
  const h100Ridge = analytic.ridgeIntensity(h100, 'f32');
  const ratio = h100.bandwidth / rates.copyBandwidth;
  const where = rates.backend === 'cpu' ? 'On this CPU' : 'On this GPU';
  // A decode step does about one FLOP per byte (lesson 1); call it memory-bound only with a clear margin.
  const verdict =
    ridge >= 2
      ? `a decode step does about one, so decoding here is memory-bound, as on an ${h100.name}`
      : `a decode step does about one, so here decoding sits near the ridge and arithmetic matters too, unlike on an ${h100.name}`;
  return (
    `${where}, an operation needs about ${formatNumber(ridge)} FLOPs per byte before arithmetic rather than memory ` +
    `sets its speed; ${verdict} (f32 ridge ${formatNumber(h100Ridge)} from its datasheet). The ${h100.name}'s ` +
    `published bandwidth is ${formatNumber(ratio, 2)} times what this device copies.`
  );
}
