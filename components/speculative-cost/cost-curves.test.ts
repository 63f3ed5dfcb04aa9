import { describe, expect, it } from 'vitest';
import { analytic } from '@engine/index';
import { bestOf, fitNote, MAX_K, speculativePair, speedupCurve } from './cost-curves';

const h100 = analytic.hardwareById('h100-sxm');
const bf16 = speculativePair(h100, 'bf16');

describe('Llama 2 70B verifying Llama 2 7B on an H100', () => {
  it('computes every K from 1 to the last with the step of engine/analytic', () => {
    const curve = speedupCurve(bf16, 0.8, 1024);
    expect(curve.map((c) => c.K)).toEqual(Array.from({ length: MAX_K }, (_, i) => i + 1));
    expect(curve[3]).toEqual(analytic.speculativeCost(bf16.target, bf16.draft, 4, 0.8, 1024));
    expect(bf16.target.kvDtype).toBe('bf16');
  });

  it('pays best at a middle K: more drafts add draft steps faster than they add accepted tokens', () => {
    const curve = speedupCurve(bf16, 0.8, 1024);
    const best = bestOf(curve);
    expect(best.K).toBeGreaterThan(1);
    expect(best.K).toBeLessThan(MAX_K);
    for (const cost of curve) expect(cost.speedup).toBeLessThanOrEqual(best.speedup);
    // A likelier draft is worth drafting further.
    expect(bestOf(speedupCurve(bf16, 0.9, 1024)).K).toBeGreaterThan(best.K);
  });

  it('takes the smallest K on a tie', () => {
    const curve = speedupCurve(bf16, 0.8, 1024);
    expect(bestOf([curve[1]!, { ...curve[2]!, speedup: curve[1]!.speedup }]).K).toBe(2);
  });

  it('says the bf16 weights do not fit one device, and that int4 weights do', () => {
    // 68,976,648,192 parameters · 2 bytes = 138 GB; Llama 2 7B's 6,738,415,616 · 2 = 13.5 GB.
    expect(fitNote(bf16)).toBe(
      "Llama 2 70B's weights in bf16 take 138 GB and Llama 2 7B's 13.5 GB: 151 GB together, more than the " +
        "NVIDIA H100 SXM's 80 GB. The step times are what one such device's bandwidth would give if they " +
        'fitted; a real deployment splits the target over several GPUs, which shortens its step but adds the ' +
        'traffic between them.',
    );
    // Half a byte each: 34.5 GB + 3.37 GB = 37.9 GB, leaving 42.1 GB.
    expect(fitNote(speculativePair(h100, 'int4'))).toBe(
      "Llama 2 70B's weights in int4 take 34.5 GB and Llama 2 7B's 3.37 GB: 37.9 GB together fit in the " +
        "NVIDIA H100 SXM's 80 GB, leaving 42.1 GB for the two KV caches.",
    );
  });
});
