/*
 * wavfile.c — a tolerant reader of 16-bit PCM WAV files, and a writer of
 * silent ones (see wavfile.h).
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wavfile.h"

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static int read_all(const char *path, uint8_t **bufp, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f)
		return errno;
	for (;;) {
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? 2 * cap : 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return ENOMEM;
			}
			buf = nb;
		}
		size_t n = fread(buf + len, 1, cap - len, f);

		if (!n)
			break;
		len += n;
	}
	fclose(f);
	*bufp = buf;
	*lenp = len;
	return 0;
}

/* Walks the chunks after "RIFF....WAVE" for "fmt " and "data". */
static int parse(struct wavfile *w, const uint8_t *b, size_t len)
{
	size_t pos = 12, bytes;
	bool fmt = false;

	if (len < 12 || memcmp(b, "RIFF", 4) || memcmp(b + 8, "WAVE", 4))
		return EINVAL;
	while (pos + 8 <= len) {
		uint32_t size = le32(b + pos + 4);
		size_t body = pos + 8;

		if (!memcmp(b + pos, "fmt ", 4)) {
			if (size < 16 || body + 16 > len ||
			    le16(b + body) != 1 || le16(b + body + 14) != 16)
				return EINVAL;
			w->channels = le16(b + body + 2);
			w->rate = le32(b + body + 4);
			fmt = true;
		}
		else if (!memcmp(b + pos, "data", 4)) {
			if (!fmt || !w->channels)
				return EINVAL;
			/* While being written the size is 0 or a guess:
			 * the data runs to the end of the file. */
			bytes = len - body;
			if (size && size < bytes)
				bytes = size;
			w->frames = bytes / (2u * w->channels);
			w->data_offset = body;
			w->samples = malloc(w->frames * w->channels * 2 + 2);
			if (!w->samples)
				return ENOMEM;
			for (size_t i = 0; i < w->frames * w->channels; i++)
				w->samples[i] = (int16_t)le16(b + body + 2 * i);
			return 0;
		}
		pos = body + size + (size & 1);
	}
	return EINVAL;
}

int wavfile_read(struct wavfile *w, const char *path)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int err;

	memset(w, 0, sizeof(*w));
	err = read_all(path, &buf, &len);
	if (err)
		return err;
	err = parse(w, buf, len);
	free(buf);
	if (err)
		wavfile_free(w);
	return err;
}

void wavfile_free(struct wavfile *w)
{
	free(w->samples);
	memset(w, 0, sizeof(*w));
}

void wavfile_channel(const struct wavfile *w, unsigned ch, size_t from,
		     size_t n, int16_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = w->samples[(from + i) * w->channels + ch];
}

static void mono_header(uint8_t h[44], unsigned rate, uint32_t bytes)
{
	memcpy(h, "RIFF", 4);
	put32(h + 4, 36 + bytes);
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);
	put16(h + 20, 1);              /* PCM */
	put16(h + 22, 1);              /* mono */
	put32(h + 24, rate);
	put32(h + 28, rate * 2u);
	put16(h + 32, 2);
	put16(h + 34, 16);
	memcpy(h + 36, "data", 4);
	put32(h + 40, bytes);
}

int wavfile_write_silence(const char *path, unsigned rate, unsigned seconds)
{
	uint32_t bytes = seconds * rate * 2u;
	uint8_t h[44];
	FILE *f = fopen(path, "wb");
	int err = 0;

	if (!f)
		return errno;
	mono_header(h, rate, bytes);
	/* The zeros are a hole: nothing to write. */
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) ||
	    ftruncate(fileno(f), (off_t)(sizeof(h) + bytes)))
		err = errno ? errno : EIO;
	if (fclose(f) && !err)
		err = errno;
	return err;
}

int wavfile_write_tone(const char *path, unsigned rate, unsigned seconds,
		       double hz, int16_t amplitude)
{
	size_t n = (size_t)seconds * rate;
	uint8_t h[44], s[2];
	FILE *f = fopen(path, "wb");
	int err = 0;

	if (!f)
		return errno;
	mono_header(h, rate, (uint32_t)(n * 2));
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h))
		err = errno ? errno : EIO;
	/* its loop is seamless when seconds * hz is whole */
	for (size_t i = 0; i < n && !err; i++) {
		put16(s, (uint16_t)(int16_t)lrint(amplitude *
			sin(2 * M_PI * hz * (double)i / rate)));
		if (fwrite(s, 1, 2, f) != 2)
			err = errno ? errno : EIO;
	}
	if (fclose(f) && !err)
		err = errno;
	return err;
}
