/**
 * A mark that names each point of a scatter where its name fits: beside the point if there is room, else above or
 * below it, else stacked further up or down with a leader line back to it, never over another point, another label
 * or the frame's edge. Plot has no label placement of its own; this one works in pixels once the scales are known,
 * so crowded points (int4 at three group sizes, a tenth of a bit apart) stay readable at a phone's width. Text width
 * is estimated from the character count, generously, so the layout is the same in every renderer.
 */
import type * as Plot from '@observablehq/plot';

/** A point to name, in data coordinates. */
export interface LabelledPoint {
  x: number;
  y: number;
  text: string;
}

/** A box in pixels. */
export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Where a label goes: its box, the end its text is anchored at, and the end of a leader line if it stands off. */
export interface Placement {
  box: Box;
  /** Which end of the box the text is anchored to: the end nearest the point, so an estimate too wide errs away. */
  anchor: 'start' | 'middle' | 'end';
  /** The point on the box nearest the point, when the label stands off and needs a leader line. */
  leader?: { x: number; y: number };
}

export interface LabelOptions {
  /** Font size in pixels (the charts are drawn at 13 px). */
  fontSize?: number;
  /** Radius the points are drawn with. */
  radius?: number;
}

/** Estimated width of a label: 0.62 em a character is wide enough for digits and lower-case letters. */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.62;
}

const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const inside = (a: Box, frame: Box) =>
  a.left >= frame.left && a.right <= frame.right && a.top >= frame.top && a.bottom <= frame.bottom;

/** The spot on `box` nearest (px, py), and how far it is. */
function nearestOn(box: Box, px: number, py: number) {
  const x = Math.min(Math.max(px, box.left), box.right);
  const y = Math.min(Math.max(py, box.top), box.bottom);
  return { x, y, distance: Math.hypot(x - px, y - py) };
}

/**
 * Place a label for each point (pixel coordinates) inside `frame`, clear of every point and every other label:
 * each label's spots are tried nearest first (beside, above or below, diagonally, then stacked further off), and of
 * all the labels not yet placed the one whose best free spot is nearest goes next, so a crowded point is not pushed
 * away by a label that had room elsewhere. A label with no free spot goes beside its point.
 */
export function placeLabels(
  points: readonly { px: number; py: number; text: string }[],
  frame: Box,
  { fontSize = 13, radius = 5 }: LabelOptions = {},
): Placement[] {
  const height = fontSize * 1.2;
  const gap = radius + 3;
  const dots = points.map(({ px, py }) => ({
    left: px - radius - 1,
    right: px + radius + 1,
    top: py - radius - 1,
    bottom: py + radius + 1,
  }));
  const spots = points.map(({ px, py, text }) => {
    const width = textWidth(text, fontSize);
    const box = (left: number, middle: number) => ({
      left,
      right: left + width,
      top: middle - height / 2,
      bottom: middle + height / 2,
    });
    const right = (dy: number) => ({ box: box(px + gap, py + dy), anchor: 'start' as const });
    const left = (dy: number) => ({ box: box(px - gap - width, py + dy), anchor: 'end' as const });
    const centred = (dy: number) => ({ box: box(px - width / 2, py + dy), anchor: 'middle' as const });
    const off = gap + height / 2;
    const all = [
      right(0),
      left(0),
      centred(-off),
      centred(off),
      right(-off),
      left(-off),
      right(off),
      left(off),
    ];
    for (let k = 1; k <= 8; k++) {
      for (const dy of [-k * height, k * height])
        all.push(right(dy), left(dy), centred(dy + Math.sign(dy) * off));
    }
    return all
      .filter((spot) => inside(spot.box, frame) && !dots.some((dot) => overlaps(spot.box, dot)))
      .map((spot) => ({ ...spot, near: nearestOn(spot.box, px, py) }))
      .sort((a, b) => a.near.distance - b.near.distance);
  });
  const placed: (Placement | undefined)[] = points.map(() => undefined);
  const taken: Box[] = [];
  for (let round = 0; round < points.length; round++) {
    let best: { i: number; spot: (typeof spots)[number][number] } | undefined;
    for (const [i, candidates] of spots.entries()) {
      if (placed[i]) continue;
      const spot = candidates.find((c) => !taken.some((box) => overlaps(c.box, box)));
      if (spot && (!best || spot.near.distance < best.spot.near.distance)) best = { i, spot };
    }
    if (!best) break;
    const { box, anchor, near } = best.spot;
    placed[best.i] =
      near.distance > gap + 2 ? { box, anchor, leader: { x: near.x, y: near.y } } : { box, anchor };
    taken.push(box);
  }
  return points.map(({ px, py, text }, i) => {
    const width = textWidth(text, fontSize);
    const beside = { left: px + gap, right: px + gap + width, top: py - height / 2, bottom: py + height / 2 };
    return placed[i] ?? { box: beside, anchor: 'start' };
  });
}

const SVG = 'http://www.w3.org/2000/svg';

/** The mark: each point's label placed by placeLabels, in the text colour with a halo of the background. */
export function pointLabels(data: readonly LabelledPoint[], options: LabelOptions = {}): Plot.RenderFunction {
  const { fontSize = 13, radius = 5 } = options;
  return (_index, scales, _values, dimensions, context) => {
    const document = context.document;
    const group = document.createElementNS(SVG, 'g');
    const { width, height, marginLeft, marginRight, marginTop, marginBottom } = dimensions;
    const frame = {
      left: marginLeft,
      right: width - marginRight,
      top: marginTop,
      bottom: height - marginBottom,
    };
    const points = data.map((d) => ({
      px: scales.x!(d.x) as number,
      py: scales.y!(d.y) as number,
      text: d.text,
    }));
    const placements = placeLabels(points, frame, { fontSize, radius });
    placements.forEach((p, i) => {
      const { px, py, text } = points[i]!;
      if (p.leader) {
        const line = document.createElementNS(SVG, 'line');
        const start = Math.hypot(p.leader.x - px, p.leader.y - py);
        const t = (radius + 1) / start;
        line.setAttribute('x1', String(px + (p.leader.x - px) * t));
        line.setAttribute('y1', String(py + (p.leader.y - py) * t));
        line.setAttribute('x2', String(p.leader.x));
        line.setAttribute('y2', String(p.leader.y));
        line.setAttribute('stroke', 'currentColor');
        line.setAttribute('stroke-opacity', '0.6');
        group.append(line);
      }
      const { box, anchor } = p;
      const x = anchor === 'start' ? box.left : anchor === 'end' ? box.right : (box.left + box.right) / 2;
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', String(x));
      label.setAttribute('y', String((box.top + box.bottom) / 2));
      label.setAttribute('dy', '0.32em');
      label.setAttribute('text-anchor', anchor);
      label.setAttribute('font-size', String(fontSize));
      label.setAttribute('fill', 'currentColor');
      label.setAttribute('stroke', 'var(--plot-background)');
      label.setAttribute('stroke-width', '3');
      label.setAttribute('paint-order', 'stroke');
      label.textContent = text;
      group.append(label);
    });
    return group;
  };
}
