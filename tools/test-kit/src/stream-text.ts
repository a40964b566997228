/**
 * A streamed response body (such as Server-Sent Events) read as text only as far as a test needs:
 * `until(needle)` reads until the text so far contains `needle`; a stream that ends first is an
 * error that shows what came.
 */
export function streamText(body: ReadableStream<Uint8Array> | null) {
  if (!body) throw new Error('the response has no body to stream');
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    /** Everything read so far. */
    get text() {
      return text;
    },
    async until(needle: string): Promise<void> {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}
