/** Series colours readable on both the light and the dark page background (checked at 3:1 against each). */
export const SERIES = {
  memory: '#2f7fd1',
  compute: '#d9622b',
  point: '#c2369b',
  secondary: '#2f9e6f',
  muted: '#8a8f98',
} as const;
