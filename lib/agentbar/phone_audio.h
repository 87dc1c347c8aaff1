/*
 * phone_audio.h — where the integrated softphone's sound comes from and
 * goes to: 8 kHz 16-bit mono frames, read as the microphone and written as
 * what the phone hears. Two implementations: WAV files (audio_wav.c, for
 * headless use and tests) and an ALSA device (audio_alsa.c, a headset).
 * An audio is a libre object: mem_deref() closes it.
 */
#ifndef AGENTBAR_PHONE_AUDIO_H
#define AGENTBAR_PHONE_AUDIO_H

#include <stddef.h>
#include <stdint.h>

enum { PHONE_AUDIO_RATE = 8000 };

struct phone_audio;

struct phone_audio_ops {
	/* exactly n samples of the microphone (silence when it has none) */
	int (*read)(struct phone_audio *a, int16_t *buf, size_t n);
	/* n samples the phone heard */
	int (*write)(struct phone_audio *a, const int16_t *buf, size_t n);
};

/* What each implementation's state starts with. */
struct phone_audio {
	const struct phone_audio_ops *ops;
};

/* in: a WAV file (8 kHz 16-bit mono) played in a loop, or NULL/"" for
 * silence; out: a WAV file (truncated) that gets what the phone hears, or
 * NULL/"" to drop it. errno values: EINVAL for a WAV of another format. */
int audio_wav_alloc(struct phone_audio **ap, const char *in,
		    const char *out);
/* An ALSA PCM device ("default", "plughw:1,0", ...) for both ways. */
int audio_alsa_alloc(struct phone_audio **ap, const char *device);

static inline int phone_audio_read(struct phone_audio *a, int16_t *buf,
				   size_t n)
{
	return a->ops->read(a, buf, n);
}

static inline int phone_audio_write(struct phone_audio *a,
				    const int16_t *buf, size_t n)
{
	return a->ops->write(a, buf, n);
}

#endif
