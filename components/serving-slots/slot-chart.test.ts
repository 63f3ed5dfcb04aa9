import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { CONTINUOUS_RUN, FIXTURE_SLOTS, STATIC_RUN } from './serve-fixture';
import { describeSlots, slotChart, slotChartHeight } from './slot-chart';

const arrivals = STATIC_RUN.requests;
const end = STATIC_RUN.metrics.makespan;

describe('the slot chart', () => {
  it('says how the slots spent the time', () => {
    expect(describeSlots('static', STATIC_RUN.steps, FIXTURE_SLOTS)).toBe(
      'Static batching, 2 slots over 50 ms, measured: while steps ran, the slots were working 60 % of the time, ' +
        'held idle by a request not in the step 20 % and empty 20 %; 2 of 5 steps prefilled a prompt.',
    );
    expect(describeSlots('continuous', CONTINUOUS_RUN.steps, FIXTURE_SLOTS)).toBe(
      'Continuous batching, 2 slots over 30 ms, measured: while steps ran, the slots were working 100 % of the ' +
        'time, held idle by a request not in the step 0 % and empty 0 %; 2 of 3 steps prefilled a prompt.',
    );
    expect(describeSlots('continuous', [], 4)).toBe('Continuous batching: no step served yet.');
  });

  it('has a row per slot and one for arrivals, and colours requests alike in both charts', () => {
    const still = slotChart({ steps: STATIC_RUN.steps, slots: FIXTURE_SLOTS, arrivals, end });
    const moving = slotChart({ steps: CONTINUOUS_RUN.steps, slots: FIXTURE_SLOTS, arrivals, end });
    expect(still.y?.domain).toEqual(['arrivals', 'slot 1', 'slot 2']);
    expect(still.x?.domain).toEqual([0, 50]);
    expect(moving.x?.domain).toEqual([0, 50]);
    expect(still.color).toEqual(moving.color);
    expect(still.color?.range).toEqual(['#4269d0', '#efb118', '#ff725c']);
    expect(slotChartHeight(2)).toBe(138);
  });

  it('draws static batching’s padding grey and marks each prefill', async () => {
    const spec = slotChart({ steps: STATIC_RUN.steps, slots: FIXTURE_SLOTS, arrivals, end });
    await expect(renderSvg(spec, 640, slotChartHeight(FIXTURE_SLOTS))).toMatchFileSnapshot(
      './__snapshots__/slots-static.svg',
    );
  });

  it('draws continuous batching filling the freed slot, on a phone', async () => {
    const spec = slotChart({ steps: CONTINUOUS_RUN.steps, slots: FIXTURE_SLOTS, arrivals, end });
    await expect(renderSvg(spec, 390, slotChartHeight(FIXTURE_SLOTS))).toMatchFileSnapshot(
      './__snapshots__/slots-continuous-phone.svg',
    );
  });
});
