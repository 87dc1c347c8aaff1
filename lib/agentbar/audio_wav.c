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

enum { WAV_HEADER = 44, WAV_MAX_IN = 64 << 20 };

struct audio_wav {
	struct phone_audio base;
	int16_t *in;            /* the microphone's samples, NULL: silence */
	size_t nin, pos;
	int out;                /* -1: what is heard is dropped */
	uint32_t out_bytes;
};

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
	size_t pos = 12;
	bool fmt_ok = false;

	if (len < 12 || memcmp(b, "RIFF", 4) || memcmp(b + 8, "WAVE", 4))
		return EINVAL;
	while (pos + 8 <= len) {
		size_t size = le32(b + pos + 4), body = pos + 8;

		if (size > len - body)
			size = len - body;   /* a file cut short: what is there */
		if (!memcmp(b + pos, "fmt ", 4)) {
			if (size < 16)
				return EINVAL;
			fmt_ok = le16(b + body) == 1 && le16(b + body + 2) == 1 &&
				 le32(b + body + 4) == PHONE_AUDIO_RATE &&
				 le16(b + body + 14) == 16;
			if (!fmt_ok)
				return EINVAL;
		} else if (!memcmp(b + pos, "data", 4)) {
			if (!fmt_ok || size < 2)
				return EINVAL;
			w->nin = size / 2;
			w->in = malloc(w->nin * sizeof(*w->in));
			if (!w->in)
				return ENOMEM;
			for (size_t i = 0; i < w->nin; i++)
				w->in[i] = (int16_t)le16(b + body + 2 * i);
			return 0;
		}
		pos = body + size + (size & 1);
	}
	return EINVAL;
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
	uint8_t h[WAV_HEADER];

	memcpy(h, "RIFF", 4);
	put32(h + 4, 36 + w->out_bytes);
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);
	put16(h + 20, 1);                        /* PCM */
	put16(h + 22, 1);                        /* mono */
	put32(h + 24, PHONE_AUDIO_RATE);
	put32(h + 28, PHONE_AUDIO_RATE * 2);     /* bytes per second */
	put16(h + 32, 2);                        /* bytes per frame */
	put16(h + 34, 16);
	memcpy(h + 36, "data", 4);
	put32(h + 40, w->out_bytes);
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
	if (w->out_bytes > UINT32_MAX - 36 - 2 * n)
		return EFBIG;   /* a WAV holds 4 GiB at most */
	while (done < n) {
		size_t k = n - done < sizeof(b) / 2 ? n - done : sizeof(b) / 2;

		for (size_t i = 0; i < k; i++)
			put16(b + 2 * i, (uint16_t)buf[done + i]);
		if (pwrite(w->out, b, 2 * k, WAV_HEADER + w->out_bytes) !=
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
