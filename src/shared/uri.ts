/** decodeURIComponent that gives back the text as sent when it is not valid percent-encoding (a URIError otherwise). */
export function decodeURIComponentOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
