/** Hands the reader a file the page made, through a temporary object URL and a link click (no server involved). */
export function download(name: string, contents: Blob): void {
  const url = URL.createObjectURL(contents);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // Some browsers read the file after the click returns: the address is let go a minute later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
