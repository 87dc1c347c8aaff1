/*
 * audio_wav.c — the softphone's audio as WAV files (phone_audio.h): the
 * samples of an 8 kHz 16-bit mono file are the microphone, played in a
 * loop; what the phone hears is appended to another such file, whose
 * header is kept current so it can be read while the call goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <re_types.h>
#include <re_fmt.h>
#include <re_mem.h>

#include "phone_audio.h"
#include "wavfmt.h"

enum { WAV_MAX_IN = 64 << 20 };

struct audio_wav {
	struct phone_audio base;
	int16_t *in;            /* the microphone's samples, NULL: silence */
	size_t nin, pos;
	int out;                /* -1: what is heard is dropped */
	uint32_t out_bytes;
};

static int read_file(const char *path, uint8_t **bufp, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	long len;
	uint8_t *buf;
	int err = 0;

	if (!f)
		return errno;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		err = errno;
		fclose(f);
		return err;
	}
	if (len > WAV_MAX_IN) {
		fclose(f);
		return EFBIG;
	}
	buf = malloc(len ? (size_t)len : 1);
	if (!buf) {
		fclose(f);
		return ENOMEM;
	}
	if (fread(buf, 1, (size_t)len, f) != (size_t)len)
		err = EIO;
	fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	*bufp = buf;
	*lenp = (size_t)len;
	return 0;
}

/* The samples of an 8 kHz 16-bit mono PCM WAV; EINVAL for anything else. */
static int parse(struct audio_wav *w, const uint8_t *b, size_t len)
{
	struct wav_info info;
	int err = wav_parse(b, len, &info);

	if (err)
		return err;
	if (info.channels != 1 || info.rate != PHONE_AUDIO_RATE ||
	    !info.frames)
		return EINVAL;
	w->nin = info.frames;
	w->in = malloc(w->nin * sizeof(*w->in));
	if (!w->in)
		return ENOMEM;
	for (size_t i = 0; i < w->nin; i++)
		w->in[i] = wav_sample(b + info.data_offset, i);
	return 0;
}

static int load_in(struct audio_wav *w, const char *path)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int err = read_file(path, &buf, &len);

	if (err)
		return err;
	err = parse(w, buf, len);
	free(buf);
	return err;
}

/* The header for out_bytes of samples: written at the start and after
 * every write, so a reader always finds the sizes of what is there. */
static int write_header(struct audio_wav *w)
{
	uint8_t h[WAV_HEADER_SIZE];

	wav_header(h, 1, PHONE_AUDIO_RATE, w->out_bytes);
	return pwrite(w->out, h, sizeof(h), 0) == (ssize_t)sizeof(h) ? 0 : EIO;
}

static int wav_read(struct phone_audio *a, int16_t *buf, size_t n)
{
	struct audio_wav *w = (struct audio_wav *)a;

	if (!w->in) {
		memset(buf, 0, n * sizeof(*buf));
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		buf[i] = w->in[w->pos++];
		if (w->pos == w->nin)
			w->pos = 0;
	}
	return 0;
}

static int wav_write(struct phone_audio *a, const int16_t *buf, size_t n)
{
	struct audio_wav *w = (struct audio_wav *)a;
	uint8_t b[2 * 1024];
	size_t done = 0;

	if (w->out < 0)
		return 0;
	if (w->out_bytes > WAV_DATA_MAX - 2 * n)
		return EFBIG;   /* a WAV holds 4 GiB at most */
	while (done < n) {
		size_t k = n - done < sizeof(b) / 2 ? n - done : sizeof(b) / 2;

		for (size_t i = 0; i < k; i++)
			wav_put_sample(b, i, buf[done + i]);
		if (pwrite(w->out, b, 2 * k, WAV_HEADER_SIZE + w->out_bytes) !=
		    (ssize_t)(2 * k))
			return EIO;
		w->out_bytes += (uint32_t)(2 * k);
		done += k;
	}
	return write_header(w);
}

static const struct phone_audio_ops wav_ops = {
	.read = wav_read,
	.write = wav_write,
};

static void destructor(void *arg)
{
	struct audio_wav *w = arg;

	free(w->in);
	if (w->out >= 0)
		close(w->out);
}

int audio_wav_alloc(struct phone_audio **ap, const char *in,
		    const char *out)
{
	struct audio_wav *w;
	int err = 0;

	if (!ap)
		return EINVAL;
	w = mem_zalloc(sizeof(*w), destructor);
	if (!w)
		return ENOMEM;
	w->base.ops = &wav_ops;
	w->out = -1;
	if (str_isset(in))
		err = load_in(w, in);
	if (!err && str_isset(out)) {
		w->out = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);
		err = w->out < 0 ? errno : write_header(w);
	}
	if (err) {
		mem_deref(w);
		return err;
	}
	*ap = &w->base;
	return 0;
}
