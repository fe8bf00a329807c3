/**
 * JSON text made safe to embed in an HTML page's <script>: `</script>` or `<!--` in a value would end or bend the
 * script block (a user's name becomes code), and U+2028/U+2029 end a line inside older engines' string literals.
 * Those characters only occur inside JSON strings, where their \u escapes mean the same, so the data is unchanged.
 */
export const escapeJsonForHtml = (json: string): string =>
  json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

