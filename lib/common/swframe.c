/*
 * swframe.c — length-prefixed JSON frames of the switch-node protocol
 * (swframe.h). The length is checked before any of the body is buffered,
 * so a peer cannot make a reader hold more than one frame's maximum.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "swframe.h"

int swframe_encode(const json_t *o, uint8_t **bufp, size_t *lenp)
{
	char *s;
	size_t n;
	uint8_t *buf;

	if (!json_is_object(o) || !json_is_string(json_object_get(o, "t")))
		return EINVAL;
	s = json_dumps(o, JSON_COMPACT);
	if (!s)
		return ENOMEM;
	n = strlen(s);
	if (n > SWFRAME_MAX) {
		free(s);
		return EMSGSIZE;
	}
	buf = malloc(SWFRAME_HEADER + n);
	if (!buf) {
		free(s);
		return ENOMEM;
	}
	buf[0] = (uint8_t)(n >> 24);
	buf[1] = (uint8_t)(n >> 16);
	buf[2] = (uint8_t)(n >> 8);
	buf[3] = (uint8_t)n;
	memcpy(buf + SWFRAME_HEADER, s, n);
	free(s);
	*bufp = buf;
	*lenp = SWFRAME_HEADER + n;
	return 0;
}

static size_t body_len(const uint8_t *h)
{
	return (size_t)h[0] << 24 | (size_t)h[1] << 16 | (size_t)h[2] << 8 |
	       (size_t)h[3];
}

/* The buffered body as an object with a string "t", or NULL. */
static json_t *parse(const struct swframe_dec *dec, size_t blen)
{
	json_t *o = json_loadb((const char *)dec->buf + SWFRAME_HEADER, blen,
			       JSON_REJECT_DUPLICATES, NULL);

	if (o && (!json_is_object(o) ||
		  !json_is_string(json_object_get(o, "t")))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int swframe_read(struct swframe_dec *dec, const uint8_t **data, size_t *n,
		 json_t **out)
{
	size_t want, take, blen = 0;

	*out = NULL;
	if (!dec->buf) {
		dec->buf = malloc(SWFRAME_HEADER + SWFRAME_MAX);
		if (!dec->buf)
			return ENOMEM;
	}
	for (;;) {
		if (dec->len >= SWFRAME_HEADER) {
			blen = body_len(dec->buf);
			if (!blen || blen > SWFRAME_MAX)
				return EPROTO;
			want = SWFRAME_HEADER + blen;
		}
		else {
			want = SWFRAME_HEADER;
		}
		if (dec->len == want && want > SWFRAME_HEADER)
			break;
		if (!*n)
			return 0;
		take = want - dec->len;
		if (take > *n)
			take = *n;
		memcpy(dec->buf + dec->len, *data, take);
		dec->len += take;
		*data += take;
		*n -= take;
	}
	dec->len = 0;
	*out = parse(dec, blen);
	return *out ? 0 : EPROTO;
}

void swframe_dec_reset(struct swframe_dec *dec)
{
	free(dec->buf);
	dec->buf = NULL;
	dec->len = 0;
}
