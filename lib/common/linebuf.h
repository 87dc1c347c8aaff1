/*
 * linebuf.h — splits a TCP byte stream into '\n'-terminated lines (a
 * trailing '\r' is dropped, so CRLF peers work), keeping partial lines
 * between reads and refusing any line longer than a limit before it has
 * been fully buffered, so a peer cannot make its reader grow without bound.
 *
 * The one framing of the JSON-RPC protocol, for both ends: the daemon
 * (src/api) and libagentbar. Plain C, no libre: the SDK links only jansson.
 */
#ifndef CALLCLOUD_LINEBUF_H
#define CALLCLOUD_LINEBUF_H

#include <stddef.h>
#include <stdint.h>

struct linebuf;

/* A complete line without its terminator; it may contain NUL bytes. Return
 * non-zero to stop the feed (the rest stays buffered). Empty lines are
 * skipped and never reach the handler. */
typedef int (linebuf_line_h)(const char *line, size_t len, void *arg);

int  linebuf_alloc(struct linebuf **lbp, size_t max_line);
void linebuf_free(struct linebuf *lb);

/* Appends data and calls h for every complete line. Returns 0, ENOMEM, the
 * handler's non-zero value, or E2BIG when a line is longer than max_line.
 * The feed stops at that line and drops it, and the rest of it as it
 * arrives: a caller that drops the connection on E2BIG is done, one that
 * carries on feeds again (n = 0 for what is buffered after the line). */
int  linebuf_feed(struct linebuf *lb, const uint8_t *data, size_t n,
		  linebuf_line_h *h, void *arg);

/* Forgets everything buffered, for a new stream. */
void linebuf_reset(struct linebuf *lb);

/* Bytes buffered and not yet part of a complete line. */
size_t linebuf_pending(const struct linebuf *lb);

#endif
