// The lesson kit: what every lesson's MDX may use without importing it. The lesson page hands these to the
// content renderer (`<Content components={{ ...kit }} />`). Widgets are not in it: they hydrate with
// `client:visible`, which works only on a component the MDX file imports itself.
export { default as Aside } from './Aside.astro';
export { default as Exercise } from './Exercise.astro';
export { default as Fact } from './Fact.astro';
export { default as Figure } from './Figure.astro';
export { default as LessonLink } from './LessonLink.astro';
export { default as Takeaways } from './Takeaways.astro';
