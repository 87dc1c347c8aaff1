/*
 * audio_alsa.c — the softphone's audio on an ALSA device (phone_audio.h):
 * a headset, 8 kHz 16-bit mono both ways (ALSA's plug layer converts for
 * hardware that wants other rates). Both streams are non-blocking: the
 * media clock is the phone's 20 ms timer, not the sound card, so a short
 * capture is padded with silence and a full playback buffer drops audio.
 */
#include <errno.h>
#include <string.h>

#include <alsa/asoundlib.h>
#include <re_types.h>
#include <re_fmt.h>
#include <re_mem.h>

#include "phone_audio.h"

enum { ALSA_LATENCY_US = 100000 };

struct audio_alsa {
	struct phone_audio base;
	snd_pcm_t *capture, *playback;
};

/* After an overrun or underrun (-EPIPE) the stream starts again. */
static void recover(snd_pcm_t *pcm, snd_pcm_sframes_t r)
{
	if (r == -EPIPE || r == -ESTRPIPE)
		(void)snd_pcm_recover(pcm, (int)r, 1);
}

static int alsa_read(struct phone_audio *a, int16_t *buf, size_t n)
{
	struct audio_alsa *s = (struct audio_alsa *)a;
	snd_pcm_sframes_t r = snd_pcm_readi(s->capture, buf, n);

	if (r < 0) {
		recover(s->capture, r);
		r = 0;   /* nothing captured yet (-EAGAIN) or lost: silence */
	}
	if ((size_t)r < n)
		memset(buf + r, 0, (n - (size_t)r) * sizeof(*buf));
	return 0;
}

static int alsa_write(struct phone_audio *a, const int16_t *buf, size_t n)
{
	struct audio_alsa *s = (struct audio_alsa *)a;
	snd_pcm_sframes_t r = snd_pcm_writei(s->playback, buf, n);

	if (r == -EAGAIN)
		return 0;   /* the device is behind: this frame is dropped */
	if (r < 0) {
		recover(s->playback, r);
		return (int)-r;
	}
	return 0;
}

static const struct phone_audio_ops alsa_ops = {
	.read = alsa_read,
	.write = alsa_write,
};

static int open_pcm(snd_pcm_t **pcmp, const char *device,
		    snd_pcm_stream_t stream)
{
	int r = snd_pcm_open(pcmp, device, stream, SND_PCM_NONBLOCK);

	if (r < 0)
		return -r;
	r = snd_pcm_set_params(*pcmp, SND_PCM_FORMAT_S16_LE,
			       SND_PCM_ACCESS_RW_INTERLEAVED, 1,
			       PHONE_AUDIO_RATE, 1, ALSA_LATENCY_US);
	if (r < 0)
		return -r;
	return stream == SND_PCM_STREAM_CAPTURE ? -snd_pcm_start(*pcmp) : 0;
}

static void destructor(void *arg)
{
	struct audio_alsa *s = arg;

	if (s->capture)
		snd_pcm_close(s->capture);
	if (s->playback)
		snd_pcm_close(s->playback);
}

int audio_alsa_alloc(struct phone_audio **ap, const char *device)
{
	struct audio_alsa *s;
	int err;

	if (!ap || !str_isset(device))
		return EINVAL;
	s = mem_zalloc(sizeof(*s), destructor);
	if (!s)
		return ENOMEM;
	s->base.ops = &alsa_ops;
	err = open_pcm(&s->capture, device, SND_PCM_STREAM_CAPTURE);
	err = err ? err : open_pcm(&s->playback, device,
				   SND_PCM_STREAM_PLAYBACK);
	if (err) {
		mem_deref(s);
		return err;
	}
	*ap = &s->base;
	return 0;
}
