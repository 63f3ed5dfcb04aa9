/**
 * A drawn chart as files: a standalone SVG document (what Plot drew, legends included) and a PNG made from that SVG
 * at twice its size.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A standalone SVG document and its size in CSS pixels. */
export interface StandaloneSvg {
  text: string;
  width: number;
  height: number;
}

/** The text of `frame` outside any svg (a legend's labels and title), as the nodes that hold it. */
function legendText(frame: Element): Text[] {
  const walker = document.createTreeWalker(frame, NodeFilter.SHOW_TEXT);
  const found: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (node.textContent?.trim() && parent && !parent.closest('svg, style')) found.push(node as Text);
  }
  return found;
}

/**
 * The chart drawn in `frame` as it looks on the page now, as one standalone SVG document: the chart's svg and its
 * legends (Plot draws a colour legend as HTML swatches and labels beside the svg) placed where they are drawn, with
 * the page's colours written in, since the file has no page around it to take them from.
 */
export function standaloneSvg(frame: Element, chart: SVGSVGElement): StandaloneSvg {
  const style = getComputedStyle(chart);
  const drawn = (box: DOMRect) => box.width > 0 && box.height > 0;
  const parts = [...frame.querySelectorAll('svg')].filter(
    (svg) => !svg.parentElement?.closest('svg') && drawn(svg.getBoundingClientRect()),
  );
  const texts = legendText(frame)
    .map((node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return { node, box: range.getBoundingClientRect() };
    })
    .filter(({ box }) => drawn(box));
  const boxes = [...parts.map((svg) => svg.getBoundingClientRect()), ...texts.map((t) => t.box)];
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  const width = Math.max(...boxes.map((b) => b.right)) - left;
  const height = Math.max(...boxes.map((b) => b.bottom)) - top;

  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  out.style.color = style.color;
  out.style.fontFamily = style.fontFamily;
  out.style.fontSize = style.fontSize;
  const background = style.getPropertyValue('--plot-background').trim();
  if (background) out.style.background = background;
  for (const svg of parts) {
    const box = svg.getBoundingClientRect();
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('x', String(box.left - left));
    copy.setAttribute('y', String(box.top - top));
    copy.setAttribute('width', String(box.width));
    copy.setAttribute('height', String(box.height));
    out.append(copy);
  }
  for (const { node, box } of texts) {
    const from = getComputedStyle(node.parentElement!);
    const label = document.createElementNS(SVG_NS, 'text');
    label.setAttribute('x', String(box.left - left));
    // The baseline sits about a fifth of the line box above its bottom.
    label.setAttribute('y', String(box.bottom - top - box.height * 0.22));
    label.setAttribute('fill', from.color);
    label.setAttribute('font-size', from.fontSize);
    label.setAttribute('font-family', from.fontFamily);
    if (Number(from.fontWeight) >= 600) label.setAttribute('font-weight', from.fontWeight);
    label.textContent = node.textContent!.trim();
    out.append(label);
  }
  const text = new XMLSerializer().serializeToString(out);
  // Colours named by custom property (a halo in the page's background colour, say) become the value they have here.
  return {
    text: text.replace(
      /var\((--[\w-]+)\)/g,
      (whole, name: string) => style.getPropertyValue(name).trim() || whole,
    ),
    width,
    height,
  };
}

/** `svg` drawn onto a canvas `scale` times as large, on `background`, as a PNG. */
export async function svgToPng(
  { text, width, height }: StandaloneSvg,
  background: string,
  scale = 2,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d')!;
    context.fillStyle = background;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('The browser made no PNG.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
