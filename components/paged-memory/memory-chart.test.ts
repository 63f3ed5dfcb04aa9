import { describe, expect, it } from 'vitest';
import { renderSvg } from '../charts/render-svg';
import { CONTIGUOUS_RUN, FIXTURE_POOL, FIXTURE_REQUESTS, PAGED_RUN } from './memory-fixture';
import { MEMORY_CHART_HEIGHT, memoryChart } from './memory-chart';
import { mapCells } from './memory-map';

/** Both maps after step `step` (from 1). */
const rowsAt = (step: number) =>
  [CONTIGUOUS_RUN, PAGED_RUN].map((run) => ({
    reservation: run.reservation,
    cells: mapCells(run.steps[step - 1]!.kv, run.reservation, FIXTURE_POOL.blockSize),
  }));

describe('the memory map chart', () => {
  it('has a strip per allocator on one axis of addresses, and colours requests as lesson 7 does', () => {
    const spec = memoryChart(rowsAt(4), FIXTURE_REQUESTS);
    expect(spec.y?.domain).toEqual(['Contiguous', 'Paged']);
    expect(spec.x?.domain).toEqual([0, 32]);
    expect(spec.color?.range).toEqual(['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951']);
  });

  it('draws written tokens solid, held but unwritten lighter and free cells blank, with the arena’s holes', async () => {
    await expect(
      renderSvg(memoryChart(rowsAt(4), FIXTURE_REQUESTS), 640, MEMORY_CHART_HEIGHT),
    ).toMatchFileSnapshot('./__snapshots__/memory-step-4.svg');
  });

  it('scales the whole memory to a phone', async () => {
    await expect(
      renderSvg(memoryChart(rowsAt(2), FIXTURE_REQUESTS), 390, MEMORY_CHART_HEIGHT),
    ).toMatchFileSnapshot('./__snapshots__/memory-step-2-phone.svg');
  });
});
