import type http from "node:http";

/**
 * Node's http request as a Fetch `Request` (streamed body, repeated headers kept), and a Fetch `Response` written
 * back — for the places that serve a handler without Next: the start script's direct agent API route and the
 * integration tests' loopback servers.
 */
export function toFetchRequest(req: http.IncomingMessage, origin = "http://127.0.0.1"): Request {
  const url = new URL(req.url ?? "/", origin);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? (req as unknown as ReadableStream) : undefined,
    // @ts-expect-error Node's fetch needs duplex for streamed bodies
    duplex: "half",
  });
}

export async function writeFetchResponse(res: http.ServerResponse, response: Response): Promise<void> {
  const outgoing = new Map<string, string | string[]>();
  for (const [name, value] of response.headers.entries()) outgoing.set(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing.set("set-cookie", cookies);
  res.writeHead(response.status, Object.fromEntries(outgoing));
  if (response.body && response.headers.get("content-type")?.startsWith("text/event-stream")) {
    await writeEventStream(res, response.body);
    return;
  }
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** An event stream is written as it comes (MCP asks questions on it mid-call); the client leaving cancels it. */
async function writeEventStream(res: http.ServerResponse, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  const onClose = () => {
    if (!res.writableFinished) reader.cancel().catch(() => undefined);
  };
  res.on("close", onClose);
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      res.write(next.value);
    }
    res.end();
  } catch {
    // The stream failed mid-way: the status is sent, so all that is left is to drop the connection.
    res.destroy();
  } finally {
    res.off("close", onClose);
  }
}
