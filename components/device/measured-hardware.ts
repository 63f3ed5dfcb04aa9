/** The reader's device in the analytic model's terms, from the rates the device check measured. */
import { shapeOf, type analytic, type DeviceRates, type LlamaConfig } from '@engine/index';

/**
 * This device as the analytic model's hardware: its measured copy bandwidth and arithmetic rate stand for both
 * peaks (the engine computes in f32), and memory is not a limit the model checks here.
 */
export function measuredHardware(rates: DeviceRates): analytic.Hardware {
  const where = rates.backend === 'cpu' ? 'this CPU' : 'this GPU';
  return {
    id: 'your-device',
    name: `your device (${where})`,
    peakBf16: rates.peakFlops,
    peakF32: rates.peakFlops,
    bandwidth: rates.copyBandwidth,
    memoryBytes: Infinity,
    source: {
      title: "The device check's microbenchmarks, run in this browser",
      url: '',
      note: 'Measured copy bandwidth and FMA-bound arithmetic rate, wall clock.',
    },
  };
}

/** The analytic setup of the engine's model `config`, in f32 as the engine runs it, on this device's measured rates. */
export function measuredSetup(config: LlamaConfig, rates: DeviceRates): analytic.ServingSetup {
  return { model: shapeOf(config), device: measuredHardware(rates), weightDtype: 'f32', kvDtype: 'f32' };
}
