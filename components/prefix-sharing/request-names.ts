/** Names the charts and the tables share: a request by its place in line, a run by whether the prefix cache was on. */

export const requestName = (index: number) => `#${index + 1}`;

/** The first `requests` requests' names, in order. */
export const requestNames = (requests: number) => Array.from({ length: requests }, (_, i) => requestName(i));

export const cacheName = (on: boolean) => `Prefix cache ${on ? 'on' : 'off'}`;
