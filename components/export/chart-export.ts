/**
 * A drawn chart as files: a standalone SVG document (what Plot drew, with the page's colours written in, since the
 * file has no page around it to take them from) and a PNG made from that SVG at twice its size.
 */

/** The chart `svg` as it looks on the page now, as a standalone SVG document. */
export function standaloneSvg(svg: SVGSVGElement): string {
  const style = getComputedStyle(svg);
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const background = style.getPropertyValue('--plot-background').trim();
  copy.style.color = style.color;
  copy.style.fontFamily = style.fontFamily;
  copy.style.fontSize = style.fontSize;
  if (background) copy.style.background = background;
  const text = new XMLSerializer().serializeToString(copy);
  // Colours named by custom property (a halo in the page's background colour, say) become the value they have here.
  return text.replace(
    /var\((--[\w-]+)\)/g,
    (whole, name: string) => style.getPropertyValue(name).trim() || whole,
  );
}

/** `svgText` (width × height CSS pixels) drawn onto a canvas `scale` times as large, on `background`, as a PNG. */
export async function svgToPng(
  svgText: string,
  width: number,
  height: number,
  background: string,
  scale = 2,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
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
