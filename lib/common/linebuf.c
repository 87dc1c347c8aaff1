/*
 * linebuf.c — line framing for the JSON-RPC TCP protocol (see linebuf.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "linebuf.h"

struct linebuf {
	char *buf;
	size_t len;      /* bytes in buf */
	size_t size;     /* allocated */
	size_t scanned;  /* bytes of buf already known to hold no '\n' */
	size_t max;
	bool skipping;   /* dropping the unbuffered rest of an overlong line */
};

int linebuf_alloc(struct linebuf **lbp, size_t max_line)
{
	struct linebuf *lb;

	if (!lbp || !max_line)
		return EINVAL;
	lb = calloc(1, sizeof(*lb));
	if (!lb)
		return ENOMEM;
	lb->max = max_line;
	*lbp = lb;
	return 0;
}

void linebuf_free(struct linebuf *lb)
{
	if (!lb)
		return;
	free(lb->buf);
	free(lb);
}

void linebuf_reset(struct linebuf *lb)
{
	lb->len = 0;
	lb->scanned = 0;
	lb->skipping = false;
}

size_t linebuf_pending(const struct linebuf *lb)
{
	return lb ? lb->len : 0;
}

static int reserve(struct linebuf *lb, size_t need)
{
	size_t size = lb->size ? lb->size : 1024;
	char *buf;

	if (need <= lb->size)
		return 0;
	while (size < need)
		size *= 2;
	buf = realloc(lb->buf, size);
	if (!buf)
		return ENOMEM;
	lb->buf = buf;
	lb->size = size;
	return 0;
}

/* Hands every complete line to h and moves the partial tail to the front. */
static int split(struct linebuf *lb, linebuf_line_h *h, void *arg)
{
	size_t start = 0;
	int err = 0;

	while (lb->scanned < lb->len) {
		char *nl = memchr(lb->buf + lb->scanned, '\n',
				  lb->len - lb->scanned);
		size_t len;

		if (!nl) {
			lb->scanned = lb->len;
			break;
		}
		len = (size_t)(nl - (lb->buf + start));
		lb->scanned = (size_t)(nl - lb->buf) + 1;
		if (len && lb->buf[start + len - 1] == '\r')
			--len;
		if (len > lb->max)
			err = E2BIG;
		else if (len)
			err = h(lb->buf + start, len, arg);
		start = lb->scanned;
		if (err)
			break;
	}
	if (start) {    /* else nothing taken; buf may still be NULL */
		memmove(lb->buf, lb->buf + start, lb->len - start);
		lb->len -= start;
		lb->scanned -= start;
	}
	if (!err && lb->len > lb->max + 1) {  /* + 1: a '\r' may follow */
		/* all of buf is that one partial line */
		linebuf_reset(lb);
		lb->skipping = true;
		err = E2BIG;
	}
	return err;
}

int linebuf_feed(struct linebuf *lb, const uint8_t *data, size_t n,
		 linebuf_line_h *h, void *arg)
{
	int err;

	if (!lb || (!data && n) || !h)
		return EINVAL;
	if (lb->skipping) {
		const uint8_t *nl = n ? memchr(data, '\n', n) : NULL;

		if (!nl)
			return 0;
		lb->skipping = false;
		n -= (size_t)(nl + 1 - data);
		data = nl + 1;
	}
	err = reserve(lb, lb->len + n);
	if (err)
		return err;
	if (n)
		memcpy(lb->buf + lb->len, data, n);
	lb->len += n;
	return split(lb, h, arg);
}
