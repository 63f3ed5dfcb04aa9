// A lesson cut into slides for presenter mode: its header, then each figure, exercise and the takeaways in order.
// The prose leading up to a slide becomes its speaker notes (prose after the last slide joins the last one's), and
// the section heading it sits under becomes its title. Sources are neither.

export interface Slide {
  element: HTMLElement;
  /** The heading of the section the slide sits in (the lesson's title for its header). */
  title: string;
  /** The prose that leads up to it on the page. */
  notes: HTMLElement[];
}

function isSlide(element: Element): boolean {
  return element.matches('figure.figure, .takeaways') || element.querySelector(':scope > .exercise') !== null;
}

export function lessonSlides(header: HTMLElement, body: HTMLElement): Slide[] {
  const lessonTitle = header.querySelector('h1')?.textContent?.trim() ?? '';
  const slides: Slide[] = [{ element: header, title: lessonTitle, notes: [] }];
  let section = lessonTitle;
  let notes: HTMLElement[] = [];
  for (const child of body.children) {
    if (!(child instanceof HTMLElement) || child.matches('.sources')) continue;
    if (isSlide(child)) {
      slides.push({ element: child, title: section, notes });
      notes = [];
    } else {
      if (child.tagName === 'H2') section = child.textContent?.trim() ?? section;
      notes.push(child);
    }
  }
  slides.at(-1)!.notes.push(...notes);
  return slides;
}
