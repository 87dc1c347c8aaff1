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
#include "wavfmt.h"
#include "wavfile.h"

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

static int parse(struct wavfile *w, const uint8_t *b, size_t len)
{
	struct wav_info info;
	int err = wav_parse(b, len, &info);

	if (err)
		return err;
	w->channels = info.channels;
	w->rate = info.rate;
	w->frames = info.frames;
	w->data_offset = info.data_offset;
	w->samples = malloc(w->frames * w->channels * 2 + 2);
	if (!w->samples)
		return ENOMEM;
	for (size_t i = 0; i < w->frames * w->channels; i++)
		w->samples[i] = wav_sample(b + info.data_offset, i);
	return 0;
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

int wavfile_write_silence(const char *path, unsigned rate, unsigned seconds)
{
	uint32_t bytes = seconds * rate * 2u;
	uint8_t h[WAV_HEADER_SIZE];
	FILE *f = fopen(path, "wb");
	int err = 0;

	if (!f)
		return errno;
	wav_header(h, 1, rate, bytes);
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
	uint8_t h[WAV_HEADER_SIZE], s[2];
	FILE *f = fopen(path, "wb");
	int err = 0;

	if (!f)
		return errno;
	wav_header(h, 1, rate, (uint32_t)(n * 2));
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h))
		err = errno ? errno : EIO;
	/* its loop is seamless when seconds * hz is whole */
	for (size_t i = 0; i < n && !err; i++) {
		wav_put_sample(s, 0, (int16_t)lrint(amplitude *
			sin(2 * M_PI * hz * (double)i / rate)));
		if (fwrite(s, 1, 2, f) != 2)
			err = errno ? errno : EIO;
	}
	if (fclose(f) && !err)
		err = errno;
	return err;
}
