/*
 * sdes.h — RFC 4568 "a=crypto" lines (SDP Security Descriptions), the SRTP
 * keys of an RTP/SAVP offer or answer, as the SIP switch takes and gives
 * them: AES_CM_128_HMAC_SHA1_80 and _32, one inline key each, a lifetime
 * allowed (and ignored: 2^31 packets is what phones give, and calls are
 * shorter), no MKI and no session parameters.
 */
#ifndef CALLCLOUD_SDES_H
#define CALLCLOUD_SDES_H

#include <stdint.h>
#include <re.h>
#include "media/media.h"

enum {
	SDES_TAG_MAX = 999999999,  /* 1*9DIGIT */
	SDES_LINE_MAX = 512,       /* longer is not a line we could take */
};

struct sdes_crypto {
	uint32_t tag;
	enum media_srtp suite;
	uint8_t key[MEDIA_SRTP_KEY_SIZE];   /* master key, then salt */
};

/* The value of one a=crypto attribute, "TAG SUITE inline:KEY[|LIFETIME]".
 * EBADMSG: malformed (tag, spaces, base64, key length, lifetime);
 * ENOTSUP: well-formed but not for us (another suite or key method, MKI,
 * several keys, session parameters). */
int sdes_crypto_decode(struct sdes_crypto *c, const char *val);
/* "TAG SUITE inline:KEY", an a=crypto value (%H). */
int sdes_crypto_print(struct re_printf *pf, const struct sdes_crypto *c);
/* A fresh key from the system's random source (OpenSSL's). */
int sdes_crypto_key(struct sdes_crypto *c);

#endif
