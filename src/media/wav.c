/*
 * wav.c — stereo WAV recording. The 44-byte RIFF header goes out first
 * with zero sizes so a crash leaves a file players still open; the sizes
 * are patched in when the recording stops (the destructor).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <re.h>
#include "media/wav.h"
#include "wavfmt.h"

#define CHANNELS 2
#define RATE 8000u
#define FRAME_BYTES (CHANNELS * 2u)

struct wavrec {
	FILE *f;
	uint32_t data_bytes;
};

static int write_header(FILE *f, uint32_t data_bytes)
{
	uint8_t h[WAV_HEADER_SIZE];

	wav_header(h, CHANNELS, RATE, data_bytes);
	if (fseek(f, 0, SEEK_SET) || fwrite(h, sizeof(h), 1, f) != 1)
		return EIO;
	return 0;
}

static void destructor(void *arg)
{
	struct wavrec *w = arg;

	if (!w->f)
		return;
	if (write_header(w->f, w->data_bytes))
		re_fprintf(stderr, "media: cannot finalise a WAV header\n");
	fclose(w->f);
}

int wavrec_open(struct wavrec **wp, const char *path)
{
	struct wavrec *w;
	int err;

	if (!wp || !path || !*path)
		return EINVAL;

	w = mem_zalloc(sizeof(*w), destructor);
	if (!w)
		return ENOMEM;

	w->f = fopen(path, "wb");
	if (!w->f) {
		err = errno;
		goto out;
	}
	err = write_header(w->f, 0);

 out:
	if (err)
		mem_deref(w);
	else
		*wp = w;

	return err;
}

int wavrec_write(struct wavrec *w, const int16_t *left,
		 const int16_t *right, size_t n)
{
	uint8_t buf[FRAME_BYTES * 160];
	size_t i, k;

	if (!w || !left || !right)
		return EINVAL;

	for (i = 0; i < n; i += k) {
		size_t j;

		k = n - i < 160 ? n - i : 160;
		if (w->data_bytes > WAV_DATA_MAX - k * FRAME_BYTES)
			return EFBIG;
		for (j = 0; j < k; j++) {
			wav_put_sample(buf, 2 * j, left[i + j]);
			wav_put_sample(buf, 2 * j + 1, right[i + j]);
		}
		if (fwrite(buf, FRAME_BYTES, k, w->f) != k)
			return EIO;
		w->data_bytes += (uint32_t)(k * FRAME_BYTES);
	}

	return 0;
}
