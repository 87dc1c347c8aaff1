/*
 * swframe.h — the framing of the switch-node protocol (docs/switch-
 * protocol.md): each frame is a 4-byte big-endian length, then that many
 * bytes of one JSON object with a string member "t" (the frame's type).
 *
 * The one codec for both ends (the node, the CTI's remote switch) and for
 * the tests' raw clients. Plain C and jansson, no libre. A frame longer
 * than SWFRAME_MAX, an empty one, or one that is not a JSON object with a
 * "t" is refused before it is used: the reader drops the connection.
 */
#ifndef CALLCLOUD_SWFRAME_H
#define CALLCLOUD_SWFRAME_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

enum {
	SWFRAME_VERSION = 1,       /* the protocol version hello carries */
	SWFRAME_HEADER = 4,
	SWFRAME_MAX = 65536,       /* bytes of JSON in one frame */
};

/* Encodes o compactly with its length header into a malloc()ed buffer.
 * 0, ENOMEM, EINVAL (o is not an object with a string "t") or EMSGSIZE. */
int swframe_encode(const json_t *o, uint8_t **bufp, size_t *lenp);

/* Reassembles frames from a byte stream. Zero-initialise; free with
 * swframe_dec_reset(). */
struct swframe_dec {
	uint8_t *buf;        /* SWFRAME_HEADER + SWFRAME_MAX, on first use */
	size_t len;          /* bytes buffered of the current frame */
};

/* Consumes bytes from *data / *n up to the end of one frame. Returns 0
 * with *out a new object when a frame is complete, 0 with *out NULL when
 * all the input was buffered, ENOMEM, or EPROTO (bad length, not JSON, not
 * an object with a string "t"; the decoder is then unusable until reset). */
int swframe_read(struct swframe_dec *dec, const uint8_t **data, size_t *n,
		 json_t **out);

/* Frees the buffer and forgets what it held. */
void swframe_dec_reset(struct swframe_dec *dec);

#endif
