/*
 * linebuf.h — splits a TCP byte stream into '\n'-terminated lines (a
 * trailing '\r' is dropped, so CRLF clients work), keeping partial lines
 * between reads and refusing any line longer than a limit before it has
 * been fully buffered, so a peer cannot make the daemon grow without bound.
 */
#ifndef CALLCLOUD_API_LINEBUF_H
#define CALLCLOUD_API_LINEBUF_H

#include <stddef.h>
#include <stdint.h>

struct linebuf;

/* A complete line without its terminator; it may contain NUL bytes. Return
 * non-zero to stop the feed (the rest stays buffered). Empty lines are
 * skipped and never reach the handler. */
typedef int (linebuf_line_h)(const char *line, size_t len, void *arg);

int linebuf_alloc(struct linebuf **lbp, size_t max_line); /* mem_deref */

/* Appends data and calls h for every complete line. Returns 0, E2BIG when a
 * line is longer than max_line (the buffer is then useless: the caller must
 * drop the connection), ENOMEM, or the handler's non-zero value. */
int linebuf_feed(struct linebuf *lb, const uint8_t *data, size_t n,
		 linebuf_line_h *h, void *arg);

/* Bytes buffered and not yet part of a complete line. */
size_t linebuf_pending(const struct linebuf *lb);

#endif
