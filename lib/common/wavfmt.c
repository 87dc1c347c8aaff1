/*
 * wavfmt.c — 16-bit PCM WAV headers and parsing (see wavfmt.h). Values are
 * little-endian whatever the host.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include "wavfmt.h"

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

void wav_header(uint8_t h[WAV_HEADER_SIZE], unsigned channels,
		uint32_t rate, uint32_t data_bytes)
{
	memcpy(h, "RIFF", 4);
	put32(h + 4, 36u + data_bytes);
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);
	put16(h + 20, 1);                                  /* PCM */
	put16(h + 22, (uint16_t)channels);
	put32(h + 24, rate);
	put32(h + 28, rate * 2u * channels);               /* bytes/s */
	put16(h + 32, (uint16_t)(2u * channels));          /* frame */
	put16(h + 34, 16);
	memcpy(h + 36, "data", 4);
	put32(h + 40, data_bytes);
}

int wav_parse(const uint8_t *b, size_t len, struct wav_info *info)
{
	size_t pos = 12;
	bool fmt = false;

	memset(info, 0, sizeof(*info));
	if (len < 12 || memcmp(b, "RIFF", 4) || memcmp(b + 8, "WAVE", 4))
		return EINVAL;
	while (pos + 8 <= len) {
		uint32_t size = le32(b + pos + 4);
		size_t body = pos + 8, bytes;

		if (!memcmp(b + pos, "fmt ", 4)) {
			if (size < 16 || body + 16 > len ||
			    le16(b + body) != 1 || le16(b + body + 14) != 16 ||
			    !le16(b + body + 2))
				return EINVAL;
			info->channels = le16(b + body + 2);
			info->rate = le32(b + body + 4);
			fmt = true;
		}
		else if (!memcmp(b + pos, "data", 4)) {
			if (!fmt)
				return EINVAL;
			bytes = len - body;
			if (size && size < bytes)
				bytes = size;
			info->data_offset = body;
			info->frames = bytes / (2u * info->channels);
			return 0;
		}
		if (size > len - body)
			break;
		pos = body + size + (size & 1);
	}
	return EINVAL;
}

int16_t wav_sample(const uint8_t *data, size_t i)
{
	return (int16_t)le16(data + 2 * i);
}

void wav_put_sample(uint8_t *data, size_t i, int16_t v)
{
	put16(data + 2 * i, (uint16_t)v);
}
